"""Import and export of participants and placements, as HQ receives them in CSV or XLSX.

The admin's preview, its confirm step (``import_file``) and the benchmark run the
same code, ``BulkImportMixin.import_rows``. A file is read as a stream and
handled in chunks: every foreign key is given by its natural key (JET number,
contracting organisation code, ISO country code) and resolved with one query per
key type per chunk, never one per row; existing records are found the same way.
Rows are written in bulk, with their history. An import is all-or-nothing: one
invalid row and the whole file is rolled back, and each error names its row and
field. Importing the same file twice changes nothing the second time (unchanged
rows are skipped).
"""

import csv
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import openpyxl
import tablib
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from import_export import fields, resources, widgets
from import_export.results import Error, Result, RowResult

from jet import bulk
from jet.models import ContractingOrganisation, Participant, Placement, Role, clean_workplaces
from jet.services import batched, placements_changed

# Rows validated and written together: one lookup query per key type and one
# INSERT per chunk, with a bounded number of rows in memory at a time.
CHUNK = 2_000
# Rows the admin's preview lists; the totals above it count every row.
PREVIEW_ROWS = 1_000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets hand numbers over as floats
    return str(value).strip()


class LookupWidget(widgets.Widget):
    """A natural key in the file, a primary key in the model; resolved from a primed dictionary."""

    def __init__(self, model, field, missing):
        super().__init__()
        self.model = model
        self.field = field
        self.missing = missing
        self.cache: dict[str, int] = {}

    def prime(self, values) -> None:
        wanted = {_text(v) for v in values} - {""} - self.cache.keys()
        if wanted:
            self.cache.update(bulk.fetch(self.model, [self.field, "id"], self.field, wanted))

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
    roles = frozenset(Role.values)

    def clean(self, value, row=None, **kwargs):
        code = _text(value).upper()
        if code not in self.roles:
            raise ValueError(
                format_lazy(_("Unknown role “{value}”: use ALT, CIR or SEA."), value=_text(value))
            )
        return code


class ChoiceWidget(widgets.Widget):
    def __init__(self, choices, default):
        super().__init__()
        self.choices = choices
        self.values = frozenset(choices.values)
        self.default = default

    def clean(self, value, row=None, **kwargs):
        code = _text(value).lower() or self.default
        if code not in self.values:
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


class Column(NamedTuple):
    name: str  # the file's header
    field: object  # the model field written
    widget: widgets.Widget
    error_key: str  # what an error on this column is filed under


class Existing(NamedTuple):
    pk: int
    values: tuple
    published: bool


class BulkImportMixin:
    """The import itself: streamed in chunks, validated per row, written in bulk, all or nothing.

    ``import_data`` replaces django-import-export's row-by-row machinery (a
    ``Row``, an instance and a diff per row) for both the admin's preview
    (``dry_run``) and its confirm step, so that both apply the same rules:

    - each chunk of ``CHUNK`` rows costs one query per natural key type (the
      widgets' lookups) and one for the records that already exist;
    - a row is cleaned by the column widgets, then by the model's ``clean()``;
      each error is filed under its row number and field, translated;
    - an unchanged row is skipped, so importing a file again changes nothing;
    - new and changed rows are written with one statement per chunk, each with
      a history row naming the importing user;
    - all chunks are written in one transaction; from the first invalid row
      on nothing more is written, but every row is still validated so that
      every error is named, and the transaction is rolled back: a file with
      one bad row imports nothing. The preview writes nothing at all.
    """

    duplicate_field: str
    key_fields: tuple[str, ...]

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        headers = list(dataset.headers or [])
        return self.import_rows(headers, iter(dataset), dry_run=dry_run, user=kwargs.get("user"))

    def import_columns(self) -> list[Column]:
        model = self._meta.model
        return [
            Column(f.column_name, model._meta.get_field(f.attribute), f.widget, f.attribute)
            for f in self.get_import_fields()
        ]

    def import_rows(self, headers, rows, *, dry_run=False, user=None) -> Result:
        """Import an iterator of rows (sequences in the order of ``headers``)."""
        columns = self.import_columns()
        result = Result()
        result.diff_headers = [c.name for c in columns]
        headers = [_text(h) for h in headers]
        missing = [c.name for c in columns if c.name not in headers]
        if missing:
            message = format_lazy(
                _("The file has no column {columns}."), columns=", ".join(missing)
            )
            result.append_base_error(Error(ValueError(message)))
            return result
        positions = [headers.index(c.name) for c in columns]
        self._validator = self._meta.model()
        fields = [c.field for c in columns]
        key_at = [[f.attname for f in fields].index(k) for k in self.key_fields]
        seen: dict[tuple, int] = {}
        changed_published: list[int] = []
        numbered = ((n, row) for n, row in enumerate(_nonblank(rows), 1))
        try:
            with transaction.atomic():
                for chunk in batched(numbered, CHUNK):
                    chunk = [
                        (n, [row[p] if p < len(row) else None for p in positions])
                        for n, row in chunk
                    ]
                    self.prime(columns, [cells for _n, cells in chunk])
                    cleaned = []
                    for number, cells in chunk:
                        values = self.clean_row(number, cells, columns, seen, key_at, result)
                        if values is not None:
                            cleaned.append((number, cells, values))
                    existing = self.existing({tuple(v[i] for i in key_at) for _n, _c, v in cleaned})
                    new, changed = [], []
                    for _number, cells, values in cleaned:
                        before = existing.get(tuple(values[i] for i in key_at))
                        if before is None:
                            import_type = RowResult.IMPORT_TYPE_NEW
                            new.append(values)
                        elif before.values == values:
                            import_type = RowResult.IMPORT_TYPE_SKIP
                        else:
                            import_type = RowResult.IMPORT_TYPE_UPDATE
                            changed.append((before.pk, *values))
                            if before.published:
                                changed_published.append(before.pk)
                        result.totals[import_type] += 1
                        if dry_run and import_type != RowResult.IMPORT_TYPE_SKIP:
                            _preview(result, import_type, cells)
                    if not dry_run and not result.invalid_rows:
                        self.write(fields, new, changed, user)
                if dry_run or result.invalid_rows:
                    transaction.set_rollback(True)
                else:
                    self.after_write(changed_published)
        except IntegrityError as error:
            # Another import wrote the same records meanwhile; nothing of this file is kept.
            result.append_base_error(Error(error))
        return result

    def clean_row(self, number, cells, columns, seen, key_at, result):
        """The row's values in column order, or None after filing its errors in ``result``."""
        values, errors = [], {}
        for column, cell in zip(columns, cells, strict=True):
            try:
                values.append(column.widget.clean(cell))
            except ValueError as error:
                errors[column.error_key] = [error.args[0]]
                values.append(None)
        if not errors:
            # One instance serves every row: clean() reads only the values set here.
            instance = self._validator
            for column, value in zip(columns, values, strict=True):
                setattr(instance, column.field.attname, value)
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        values = tuple(values)
        key = tuple(values[i] for i in key_at)
        if not errors and key in seen:
            errors[self.duplicate_field] = [
                format_lazy(_("The same record is already in row {row}."), row=seen[key])
            ]
        if errors:
            result.append_invalid_row(
                number, dict(zip(result.diff_headers, cells, strict=True)), ValidationError(errors)
            )
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            return None
        seen[key] = number
        return values

    def write(self, fields, new, changed, user) -> None:
        model = self._meta.model
        imported = {f.attname for f in fields}
        defaults = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in imported
        ]
        fixed = tuple(f.get_default() for f in defaults)
        rows = [(*v, *fixed) for v in new]
        bulk.insert(model, [*fields, *defaults], rows, user=user, reason="import")
        bulk.update(model, fields, changed, user=user, reason="import")

    def prime(self, columns, rows) -> None:
        """Fill the lookups of a chunk's natural keys, one query per key type."""
        for i, column in enumerate(columns):
            if isinstance(column.widget, LookupWidget):
                column.widget.prime(row[i] for row in rows)

    def existing(self, keys) -> dict[tuple, Existing]:
        raise NotImplementedError

    def after_write(self, changed_published) -> None:
        pass


def _nonblank(rows):
    for row in rows:
        if any(_text(cell) for cell in row):
            yield row


def _preview(result, import_type, cells) -> None:
    """The preview lists the first rows that change something; the totals count them all."""
    if len(result.rows) < PREVIEW_ROWS:
        row = RowResult()
        row.import_type = import_type
        row.diff = [_text(cell) for cell in cells]
        result.append_row_result(row)


class ParticipantResource(BulkImportMixin, resources.ModelResource):
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
    key_fields = ("jet_number",)

    class Meta:
        model = Participant
        fields = (
            "jet_number", "family_name", "given_name", "nationality", "role", "email",
            "phone", "languages", "first_arrival_year", "status",
        )  # fmt: skip
        import_id_fields = ("jet_number",)

    def existing(self, keys):
        names = [c.field.attname for c in self.import_columns()]
        rows = bulk.fetch(Participant, ["id", *names], "jet_number", [k[0] for k in keys])
        return {(row[1],): Existing(row[0], row[1:], False) for row in rows}

    def get_queryset(self):
        return Participant.objects.order_by("jet_number")


class PlacementResource(BulkImportMixin, resources.ModelResource):
    jet_number = fields.Field(
        "participant_id",
        "jet_number",
        LookupWidget(Participant, "jet_number", _("No participant has the JET number “{value}”.")),
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
    key_fields = ("participant_id", "jet_year")

    class Meta:
        model = Placement
        fields = (
            "jet_number", "jet_year", "organisation", "role", "contract_start", "contract_end",
            "workplaces", "supervisor_name", "supervisor_email", "supervisor_phone", "notes",
        )  # fmt: skip
        import_id_fields = ("jet_number", "jet_year")

    def prime(self, columns, rows):
        # Participants are looked up afresh for each chunk (a file names each
        # one once); the few hundred organisations stay cached for the file.
        self.fields["jet_number"].widget.cache.clear()
        super().prime(columns, rows)

    def existing(self, keys):
        names = [c.field.attname for c in self.import_columns()]
        rows = bulk.fetch(
            Placement, ["id", "state", *names], "participant_id", {k[0] for k in keys}
        )
        return {
            (row[2], row[3]): Existing(row[0], row[2:], row[1] == Placement.State.PUBLISHED)
            for row in rows
        }

    def after_write(self, changed_published):
        # A change to a published placement is news for its participant, once.
        if changed_published:
            placements_changed(changed_published)

    def dehydrate_jet_number(self, placement):
        return placement.participant.jet_number

    def dehydrate_organisation(self, placement):
        return placement.organisation.code

    def get_queryset(self):
        return Placement.objects.select_related("participant", "organisation").order_by(
            "-jet_year", "id"
        )


IMPORT_FORMATS = ("csv", "xlsx")


@contextmanager
def open_rows(source, file_format=None):
    """``(headers, rows)`` of a tablib Dataset, or of a CSV or XLSX file read as a stream."""
    if isinstance(source, tablib.Dataset):
        yield list(source.headers or []), iter(source)
        return
    path = Path(source)
    file_format = (file_format or path.suffix.lstrip(".")).lower()
    if file_format == "csv":
        # utf-8-sig: spreadsheet programs start their CSV with a byte-order mark.
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            yield next(reader, []), reader
    elif file_format == "xlsx":
        # A file object, since the admin's saved upload has no .xlsx suffix for openpyxl to check.
        with path.open("rb") as file:
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
            try:
                rows = workbook.worksheets[0].iter_rows(values_only=True)
                yield list(next(rows, ())), rows
            finally:
                workbook.close()
    else:
        raise ValueError(f"cannot import {file_format!r} files; use one of {IMPORT_FORMATS}")


def import_file(resource_class, source, *, file_format=None, user=None, dry_run=False):
    """Import a whole file, all rows or none: what the admin's confirm step runs.

    ``source`` is a path to a CSV or XLSX file (read as a stream, ``file_format``
    or the suffix telling which) or a tablib Dataset.
    """
    with open_rows(source, file_format) as (headers, rows):
        return resource_class().import_rows(headers, rows, dry_run=dry_run, user=user)
