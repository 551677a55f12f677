"""Import and export of participants and placements, as HQ receives them in CSV or XLSX.

The admin and the benchmark use these resources the same way. Every foreign key
is given by its natural key (JET number, contracting organisation code, ISO
country code) and resolved from dictionaries filled in ``before_import`` with a
few queries per file, never one per row; existing records are found the same
way. Rows are written in bulk, with their history. An import is all-or-nothing:
the admin (and ``import_file``) roll back the whole file when one row is invalid,
and each error names its row and field. Importing the same file twice changes
nothing the second time (unchanged rows are skipped).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from jet.models import ContractingOrganisation, Participant, Placement, Role, clean_workplaces

IN_CHUNK = 10_000  # values per IN (...) lookup
BATCH = 2_000  # rows per bulk INSERT/UPDATE


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets hand numbers over as floats
    return str(value).strip()


class LookupWidget(widgets.Widget):
    """A natural key in the file, a primary key in the model; resolved from a primed dictionary."""

    def __init__(self, model, field, missing, *, only=None):
        super().__init__()
        self.model = model
        self.field = field
        self.missing = missing
        # With ``only``, the cache holds model objects (with those columns) instead of pks.
        self.only = only
        self.cache: dict[str, object] = {}

    def prime(self, values) -> None:
        wanted = sorted({_text(v) for v in values if _text(v)} - set(self.cache))
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            rows = self.model.objects.filter(**{f"{self.field}__in": chunk})
            if self.only:
                self.cache.update((getattr(o, self.field), o) for o in rows.only(*self.only))
            else:
                self.cache.update(rows.values_list(self.field, "pk"))

    def clean(self, value, row=None, **kwargs):
        key = _text(value)
        if not key:
            raise ValueError(_("This field is required."))
        try:
            return self.cache[key]
        except KeyError:
            raise ValueError(format_lazy(self.missing, value=key)) from None

    def render(self, value, obj=None, **kwargs):
        return _text(value)


class RequiredText(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(_("This field is required."))
        return text


class OptionalText(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


class RoleWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        code = _text(value).upper()
        if code not in Role.values:
            raise ValueError(
                format_lazy(_("Unknown role “{value}”: use ALT, CIR or SEA."), value=_text(value))
            )
        return code


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices, default):
        super().__init__()
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        code = _text(value).lower() or self.default
        if code not in self.choices.values:
            raise ValueError(
                format_lazy(
                    _("Unknown value “{value}”: use one of {choices}."),
                    value=_text(value),
                    choices=", ".join(self.choices.values),
                )
            )
        return code


class CountryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        code = countries.alpha2(_text(value))
        if not code:
            raise ValueError(
                format_lazy(
                    _("Unknown country code “{value}”: use the ISO 3166 code, e.g. US or GB."),
                    value=_text(value),
                )
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text.isdigit() or not 1987 <= int(text) <= 2100:
            raise ValueError(format_lazy(_("“{value}” is not a year from 1987 on."), value=text))
        return int(text)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                format_lazy(_("“{value}” is not a date like 2026-08-01."), value=text)
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class WorkplacesWidget(widgets.Widget):
    """``Name | Address; Name | Address`` in the file, a list of dictionaries in the model."""

    def clean(self, value, row=None, **kwargs):
        workplaces = []
        for entry in _text(value).split(";"):
            if not entry.strip():
                continue
            name, _sep, address = entry.partition("|")
            workplaces.append({"name": name.strip(), "address": address.strip()})
        try:
            clean_workplaces(workplaces)
        except ValidationError:
            raise ValueError(
                _("Write each workplace as “name | address”, separated by semicolons.")
            ) from None
        return workplaces

    def render(self, value, obj=None, **kwargs):
        return "; ".join(
            f"{w['name']} | {w['address']}" if w.get("address") else w["name"] for w in value or []
        )


class BulkHistoryMixin:
    """Bulk writes that keep the change history, and a duplicate check within the file."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances,
                    self._meta.model,
                    batch_size=BATCH,
                    default_user=self.user,
                    default_change_reason="import",
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                self.before_bulk_update(self.update_instances)
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    self.update_fields,
                    batch_size=BATCH,
                    default_user=self.user,
                    default_change_reason="import",
                )
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.update_instances.clear()

    def before_bulk_update(self, instances) -> None:
        pass

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.seen: dict[object, int] = {}
        self.prime(dataset)

    def get_instance(self, instance_loader, row):
        return self.existing.get(self.natural_key(row))

    # skip_diff spares a deepcopy of every row; unchanged rows are found by
    # comparing the imported attributes with a snapshot taken before the import.
    def _attnames(self):
        return [
            "participant_id" if f.attribute == "participant" else f.attribute
            for f in self.get_import_fields()
        ]

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            instance._jet_before = [getattr(instance, a) for a in self._attnames()]
        super().import_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        before = getattr(instance, "_jet_before", None)
        if import_validation_errors or before is None:
            return False
        return before == [getattr(instance, a) for a in self._attnames()]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not errors:
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        key = self.instance_key(instance)
        if key in self.seen and not errors:
            errors[self.duplicate_field] = ValidationError(
                format_lazy(_("The same record is already in row {row}."), row=self.seen[key])
            )
        if errors:
            raise ValidationError(errors)
        self.seen[key] = len(self.seen) + 1

    @property
    def update_fields(self):
        return [
            self.fields[name].attribute.removesuffix("_id")
            for name in self.fields
            if name not in self._meta.import_id_fields and self.fields[name].attribute != "id"
        ]


class ParticipantResource(BulkHistoryMixin, resources.ModelResource):
    jet_number = fields.Field("jet_number", "jet_number", RequiredText())
    family_name = fields.Field("family_name", "family_name", RequiredText())
    given_name = fields.Field("given_name", "given_name", OptionalText())
    nationality = fields.Field("nationality", "nationality", CountryWidget())
    role = fields.Field("role", "role", RoleWidget())
    email = fields.Field("email", "email", OptionalText())
    phone = fields.Field("phone", "phone", OptionalText())
    languages = fields.Field("languages", "languages", OptionalText())
    first_arrival_year = fields.Field("first_arrival_year", "first_arrival_year", YearWidget())
    status = fields.Field(
        "status", "status", ChoiceWidget(Participant.Status, Participant.Status.APPOINTED)
    )

    duplicate_field = "jet_number"

    class Meta:
        model = Participant
        fields = (
            "jet_number", "family_name", "given_name", "nationality", "role", "email",
            "phone", "languages", "first_arrival_year", "status",
        )  # fmt: skip
        import_id_fields = ("jet_number",)
        use_bulk = True
        batch_size = BATCH
        skip_unchanged = True
        skip_diff = True
        report_skipped = False

    def prime(self, dataset):
        numbers = (
            [_text(v) for v in dataset["jet_number"]] if "jet_number" in dataset.headers else []
        )
        self.existing = {}
        for start in range(0, len(numbers), IN_CHUNK):
            chunk = numbers[start : start + IN_CHUNK]
            self.existing.update(
                (p.jet_number, p) for p in Participant.objects.filter(jet_number__in=chunk)
            )

    def natural_key(self, row):
        return _text(row.get("jet_number"))

    def instance_key(self, instance):
        return instance.jet_number

    def get_queryset(self):
        return Participant.objects.order_by("jet_number")


class PlacementResource(BulkHistoryMixin, resources.ModelResource):
    # The participant object, not only its id: a row's name in the preview is the
    # placement's __str__, which reads the participant's name.
    jet_number = fields.Field(
        "participant",
        "jet_number",
        LookupWidget(
            Participant,
            "jet_number",
            _("No participant has the JET number “{value}”."),
            only=("pk", "jet_number", "family_name", "given_name"),
        ),
    )
    jet_year = fields.Field("jet_year", "jet_year", YearWidget())
    organisation = fields.Field(
        "organisation_id",
        "organisation",
        LookupWidget(
            ContractingOrganisation,
            "code",
            _("No contracting organisation has the code “{value}”."),
        ),
    )
    role = fields.Field("role", "role", RoleWidget())
    contract_start = fields.Field("contract_start", "contract_start", DateWidget())
    contract_end = fields.Field("contract_end", "contract_end", DateWidget())
    workplaces = fields.Field("workplaces", "workplaces", WorkplacesWidget())
    supervisor_name = fields.Field("supervisor_name", "supervisor_name", OptionalText())
    supervisor_email = fields.Field("supervisor_email", "supervisor_email", OptionalText())
    supervisor_phone = fields.Field("supervisor_phone", "supervisor_phone", OptionalText())
    notes = fields.Field("notes", "notes", OptionalText())

    duplicate_field = "jet_year"

    class Meta:
        model = Placement
        fields = (
            "jet_number", "jet_year", "organisation", "role", "contract_start", "contract_end",
            "workplaces", "supervisor_name", "supervisor_email", "supervisor_phone", "notes",
        )  # fmt: skip
        import_id_fields = ("jet_number", "jet_year")
        use_bulk = True
        batch_size = BATCH
        skip_unchanged = True
        skip_diff = True
        report_skipped = False

    def prime(self, dataset):
        participants = self.fields["jet_number"].widget
        organisations = self.fields["organisation"].widget
        headers = set(dataset.headers or [])
        participants.cache, organisations.cache = {}, {}
        if "jet_number" in headers:
            participants.prime(dataset["jet_number"])
        if "organisation" in headers:
            organisations.prime(dataset["organisation"])
        self.changed_published: list[int] = []
        self.existing = {}
        ids = sorted({p.pk for p in participants.cache.values()})
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start : start + IN_CHUNK]
            self.existing.update(
                ((p.participant_id, p.jet_year), p)
                for p in Placement.objects.filter(participant_id__in=chunk).select_related(
                    "participant"
                )
            )

    def natural_key(self, row):
        participant = self.fields["jet_number"].widget.cache.get(_text(row.get("jet_number")))
        year = _text(row.get("jet_year"))
        return (participant.pk, int(year)) if participant and year.isdigit() else None

    def instance_key(self, instance):
        return (instance.participant_id, instance.jet_year)

    def before_bulk_update(self, instances):
        self.changed_published.extend(
            p.pk for p in instances if p.state == Placement.State.PUBLISHED
        )

    def after_import(self, dataset, result, **kwargs):
        # A change to a published placement is news for its participant, once.
        if (
            not kwargs.get("dry_run")
            and self.changed_published
            and not (result.has_errors() or result.has_validation_errors())
        ):
            from jet.services import placements_changed

            placements_changed(self.changed_published)

    def dehydrate_jet_number(self, placement):
        return placement.participant.jet_number

    def dehydrate_organisation(self, placement):
        return placement.organisation.code

    def get_queryset(self):
        return Placement.objects.select_related("participant", "organisation").order_by(
            "-jet_year", "id"
        )


def import_file(resource_class, dataset, *, user=None, dry_run=False):
    """Import a whole file the way the admin's confirm step does: all rows, or none."""
    resource = resource_class()
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        collect_failed_rows=False,
        user=user,
    )
