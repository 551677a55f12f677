"""Bulk import and export of the specialist registry (django-import-export).

An import is all or nothing: one invalid row and nothing is written, and the
preview names each bad row and field. Rows are matched on the e-mail address;
a missing specialist is created, an existing one updated, none is deleted
(deactivate with ``is_active`` = 0 instead).

Languages travel in one column as ``code:level`` pairs, e.g. ``fr:fluent; en:working``.
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from import_export import resources, widgets
from import_export.fields import Field as Column
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

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


IN_CHUNK = 10_000  # values per IN (...) lookup
BATCH = 2_000  # rows per bulk INSERT/UPDATE


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets hand numbers over as floats
    return str(value).strip()


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


class HomeGovernmentWidget(widgets.Widget):
    """A JIS code in the file, checked against codes primed once per file."""

    def __init__(self):
        super().__init__()
        self.codes: set[str] = set()

    def prime(self, values) -> None:
        wanted = {_text(v) for v in values if _text(v)}
        self.codes = set()
        for chunk in _chunks(sorted(wanted)):
            self.codes.update(
                LocalGovernment.objects.filter(code__in=chunk).values_list("code", flat=True)
            )

    def clean(self, value, row=None, **kwargs):
        code = _text(value)
        if not code:
            return None
        if code not in self.codes:
            raise ValueError(
                format_lazy(_("No local government has the code “{code}”."), code=code)
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return _text(value)


class SpecialistResource(resources.ModelResource):
    """Specialists by e-mail address, with their fields and languages, in a fixed number of queries.

    ``before_import`` reads the existing specialists (with their fields and
    languages), the local governments named and the field taxonomy once per
    file; rows are then checked without a query and written in bulk with their
    history: specialists, their fields (and the fields' history) and their
    languages, whatever the number of rows.
    """

    home_government = Column(
        attribute="home_government_id", column_name="home_government", widget=HomeGovernmentWidget()
    )
    # Neither is a model attribute: both are written in bulk after the specialists.
    field_codes = Column(column_name="fields", attribute=None)
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
        use_bulk = True
        batch_size = BATCH
        # The same file twice changes nothing and adds no history.
        skip_unchanged = True
        skip_diff = True
        report_skipped = True

    # --- export ---------------------------------------------------------------

    def get_queryset(self):
        return Specialist.objects.prefetch_related("fields", "languages").order_by("email")

    def dehydrate_field_codes(self, specialist):
        return ";".join(field.code for field in specialist.fields.all())

    def dehydrate_languages(self, specialist):
        return "; ".join(
            f"{entry.language}:{LanguageLevel(entry.level).name.lower()}"
            for entry in specialist.languages.all()
        )

    # --- import: lookups once per file ---------------------------------------

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.seen: dict[str, int] = {}
        headers = set(dataset.headers or [])
        emails = [_text(v) for v in dataset["email"]] if "email" in headers else []
        self.existing: dict[str, Specialist] = {}
        for chunk in _chunks(emails):
            self.existing.update(
                (person.email, person)
                for person in Specialist.objects.filter(email__in=chunk).prefetch_related(
                    "fields", "languages"
                )
            )
        self.field_ids = dict(Field.objects.values_list("code", "pk"))
        widget = self.fields["home_government"].widget
        widget.prime(dataset["home_government"] if "home_government" in headers else [])

    def get_instance(self, instance_loader, row):
        return self.existing.get(_text(row.get("email")))

    def _attnames(self):
        return [f.attribute for f in self.get_import_fields() if f.attribute]

    def _snapshot(self, instance):
        if instance.pk is None:
            return None
        return (
            [getattr(instance, name) for name in self._attnames()],
            sorted(field.pk for field in instance.fields.all()),  # prefetched
            {entry.language: entry.level for entry in instance.languages.all()},  # prefetched
        )

    def import_instance(self, instance, row, **kwargs):
        instance._import_row = kwargs.get("row_number")
        instance._before = self._snapshot(instance)
        instance._imported_field_ids = None
        instance._imported_languages = None
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            # Errors are named by the file's column, not the model's attribute.
            errors.update(
                ("home_government" if name == "home_government_id" else name, messages)
                for name, messages in error.message_dict.items()
            )
        if "fields" in row:
            try:
                instance._imported_field_ids = self._field_ids(row["fields"])
            except ValueError as error:
                errors["fields"] = [str(error)]
        if "languages" in row:
            try:
                instance._imported_languages = parse_languages(_text(row["languages"]))
            except ValueError as error:
                errors["languages"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def _field_ids(self, value) -> list[int]:
        codes = {code.strip() for code in _text(value).split(";") if code.strip()}
        unknown = codes - set(self.field_ids)
        if unknown:
            raise ValueError(
                format_lazy(_("Unknown field code(s): {codes}."), codes=", ".join(sorted(unknown)))
            )
        return sorted(self.field_ids[code] for code in codes)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        before = instance._before
        if import_validation_errors or before is None:
            return False
        attributes, field_ids, languages = before
        return (
            attributes == [getattr(instance, name) for name in self._attnames()]
            and instance._imported_field_ids in (None, field_ids)
            and instance._imported_languages in (None, languages)
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, without the per-row queries of foreign keys and uniqueness.

        The home government was checked against the primed codes, and the
        e-mail address against the existing specialists and the file's other rows.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=["home_government", "user", *errors], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        email = instance.email
        if email in self.seen and "email" not in errors:
            errors["email"] = [
                format_lazy(
                    _("The same e-mail address is already in row {row}."), row=self.seen[email]
                )
            ]
        if errors:
            raise ValidationError(errors)
        self.seen[email] = instance._import_row

    # --- import: bulk writes ---------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_write(
            self.create_instances, False, using_transactions, dry_run, raise_errors, result
        )

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_write(
            self.update_instances, True, using_transactions, dry_run, raise_errors, result
        )

    def _bulk_write(self, instances, update, using_transactions, dry_run, raise_errors, result):
        if not instances or not (using_transactions or not dry_run):
            instances.clear()
            return
        try:
            if update:
                Specialist.objects.bulk_update(instances, self._update_fields(), batch_size=BATCH)
            else:
                Specialist.objects.bulk_create(instances, batch_size=BATCH)
            history = Specialist.history.bulk_history_create(
                instances,
                batch_size=BATCH,
                update=update,
                default_user=self.user,
                default_change_reason="import",
            )
            self._write_fields(instances, history)
            self._write_languages(instances)
        except Exception as e:
            self.handle_import_error(result, e, raise_errors)
        finally:
            instances.clear()

    def _update_fields(self):
        return [
            name.removesuffix("_id")
            for name in self._attnames()
            if name not in self._meta.import_id_fields
        ]

    def _write_fields(self, instances, history) -> None:
        """Replace the fields of the rows that name them; record them with each history entry."""
        through = Specialist.fields.through
        given = [p for p in instances if p._imported_field_ids is not None]
        if given:
            through.objects.filter(specialist_id__in=[p.pk for p in given]).delete()
            through.objects.bulk_create(
                [
                    through(specialist_id=p.pk, field_id=field_id)
                    for p in given
                    for field_id in p._imported_field_ids
                ],
                batch_size=BATCH,
            )
        # Each history entry lists the fields the specialist has after the import.
        rows = through.objects.filter(specialist_id__in=[p.pk for p in instances])
        by_specialist: dict[int, list] = {}
        for row in rows:
            by_specialist.setdefault(row.specialist_id, []).append(row)
        snapshot = Specialist.history.model.fields.model
        snapshot.objects.bulk_create(
            [
                snapshot(
                    history=entry, id=row.id, specialist_id=row.specialist_id, field_id=row.field_id
                )
                for entry in history or []
                for row in by_specialist.get(entry.id, [])
            ],
            batch_size=BATCH,
        )

    def _write_languages(self, instances) -> None:
        """Delete, update and add languages in bulk, each change with its history entry."""
        given = [p for p in instances if p._imported_languages is not None]
        if not given:
            return
        existing = SpecialistLanguage.objects.filter(specialist_id__in=[p.pk for p in given])
        current = {(entry.specialist_id, entry.language): entry for entry in existing}
        wanted = {
            (p.pk, code): level for p in given for code, level in p._imported_languages.items()
        }
        gone = [entry for key, entry in current.items() if key not in wanted]
        changed = []
        for key, entry in current.items():
            if key in wanted and entry.level != wanted[key]:
                entry.level = wanted[key]
                changed.append(entry)
        added = [
            SpecialistLanguage(specialist_id=pk, language=code, level=level)
            for (pk, code), level in wanted.items()
            if (pk, code) not in current
        ]
        if gone:
            history = SpecialistLanguage.history.model
            history.objects.bulk_create(
                [
                    history(
                        id=entry.pk,
                        specialist_id=entry.specialist_id,
                        language=entry.language,
                        level=entry.level,
                        history_date=timezone.now(),
                        history_type="-",
                        history_user=self.user,
                        history_change_reason="import",
                    )
                    for entry in gone
                ],
                batch_size=BATCH,
            )
            # A plain DELETE: the ORM's would write each deletion's history one row at a time.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {SpecialistLanguage._meta.db_table} WHERE id = ANY(%s)",
                    [[entry.pk for entry in gone]],
                )
        if changed:
            bulk_update_with_history(
                changed, SpecialistLanguage, ["level"], batch_size=BATCH,
                default_user=self.user, default_change_reason="import",
            )  # fmt: skip
        if added:
            bulk_create_with_history(
                added, SpecialistLanguage, batch_size=BATCH,
                default_user=self.user, default_change_reason="import",
            )  # fmt: skip


def import_specialists(dataset, *, dry_run: bool = False, user=None):
    """Import a dataset all or nothing; the result lists invalid rows and their fields."""
    return SpecialistResource().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=user,
    )
