"""Bulk import and export of the specialist registry (django-import-export).

An import is all or nothing: one invalid row and nothing is written, and the
preview names each bad row and field. Rows are matched on the e-mail address;
a missing specialist is created, an existing one updated, none is deleted
(deactivate with ``is_active`` = 0 instead).

Languages travel in one column as ``code:level`` pairs, e.g. ``fr:fluent; en:working``.
"""

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field as Column

from cooperation.languages import LANGUAGE_NAMES
from cooperation.models import Field, LanguageLevel, Specialist, SpecialistLanguage
from reference.models import LocalGovernment

LEVELS = {level.name.lower(): level for level in LanguageLevel}


def parse_languages(text: str) -> dict[str, int]:
    """``"fr:fluent; en:working"`` → ``{"fr": 3, "en": 2}``; ValueError names what is wrong."""
    parsed = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        code, _sep, level = (s.strip().lower() for s in part.partition(":"))
        if code not in LANGUAGE_NAMES:
            raise ValueError(format_lazy(_("Unknown language code “{code}”."), code=code))
        if level not in LEVELS:
            raise ValueError(
                format_lazy(
                    _("Unknown level “{level}” for {code}: use basic, working, fluent or native."),
                    level=level,
                    code=code,
                )
            )
        parsed[code] = LEVELS[level]
    return parsed


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A code that matches nothing is an error naming the code, not a crash."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist as exc:
            raise ValueError(
                format_lazy(_("No local government has the code “{code}”."), code=value)
            ) from exc


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    def clean(self, value, row=None, **kwargs):
        objects = super().clean(value, row, **kwargs)
        wanted = {v.strip() for v in str(value or "").split(self.separator) if v.strip()}
        found = {getattr(obj, self.field) for obj in objects}
        if wanted - found:
            raise ValueError(
                format_lazy(
                    _("Unknown field code(s): {codes}."), codes=", ".join(sorted(wanted - found))
                )
            )
        return objects


class SpecialistResource(resources.ModelResource):
    home_government = Column(
        attribute="home_government",
        column_name="home_government",
        widget=StrictForeignKeyWidget(LocalGovernment, field="code"),
    )
    # Not named "fields": a resource keeps its columns in self.fields.
    field_codes = Column(
        attribute="fields",
        column_name="fields",
        widget=StrictManyToManyWidget(Field, field="code", separator=";"),
    )
    languages = Column(column_name="languages", attribute=None)

    class Meta:
        model = Specialist
        import_id_fields = ["email"]
        fields = [
            "email",
            "full_name",
            "status",
            "home_government",
            "position",
            "years_of_experience",
            "field_codes",
            "languages",
            "consent_to_contact",
            "is_active",
        ]
        export_order = fields
        use_transactions = True
        # The same file twice changes nothing and adds no history.
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Specialist.objects.select_related("home_government").prefetch_related(
            "fields", "languages"
        )

    def dehydrate_languages(self, specialist):
        return "; ".join(
            f"{entry.language}:{LanguageLevel(entry.level).name.lower()}"
            for entry in specialist.languages.all()
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.message_dict)
        # Many-to-many columns are saved after the row; check them now, with the others.
        if "fields" in row:
            try:
                self.fields["field_codes"].clean(row)
            except ValueError as error:
                errors["fields"] = [str(error)]
        if "languages" in row:
            try:
                instance._imported_languages = parse_languages(row["languages"])
            except ValueError as error:
                errors["languages"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        # The languages column is no model field: compare it here.
        wanted = getattr(instance, "_imported_languages", None)
        if wanted is None:
            return True
        if original.pk is None:
            return False
        return dict(original.languages.values_list("language", "level")) == wanted

    def after_save_instance(self, instance, row, **kwargs):
        languages = getattr(instance, "_imported_languages", None)
        if languages is None:
            return
        SpecialistLanguage.objects.filter(specialist=instance).exclude(
            language__in=list(languages)
        ).delete()
        for code, level in languages.items():
            SpecialistLanguage.objects.update_or_create(
                specialist=instance, language=code, defaults={"level": level}
            )


def import_specialists(dataset, *, dry_run: bool = False):
    """Import a dataset all or nothing; the result lists invalid rows and their fields."""
    return SpecialistResource().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
