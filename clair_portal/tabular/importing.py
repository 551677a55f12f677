"""Importing a file: checked per row and column, all or nothing, idempotent, in chunks.

An importer names its columns (a ``Schema``), the attributes that identify a
record (``key``), and how a chunk of rows finds its records and is written.
``Importer.run`` does the rest, the same way for every import of the portal:

- the file is read as a stream (``open_table``) and its header matched to
  the columns, in English, Japanese or by code;
- rows are handled ``chunk_size`` at a time: one query per lookup column to
  resolve natural keys, one for the records that already exist, then one
  bulk write per kind of change, so the queries per chunk are a constant;
- every cell is checked and every error is kept with its row and column, so a
  file with problems names them all at once;
- a row equal to its record is unchanged and not written, so importing the same
  file twice writes nothing, history included;
- everything is written in one transaction, rolled back if any row of the
  file is wrong (from the first error on nothing more is written, though every
  row is still checked), or if another import wrote the same records meanwhile;
- ``dry_run`` (the preview) does all of this and writes nothing; the result
  states what would be added, changed (with the fields) and left unchanged.
"""

import itertools
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.tabular.cells import text
from clair_portal.tabular.columns import Lookup
from clair_portal.tabular.reading import TableError, open_table
from clair_portal.tabular.schema import Layout, Schema

CHUNK = 2_000
EXPORT_CHUNK = 2_000
# Changes a preview lists; its totals count every row.
PREVIEW_ROWS = 1_000
# Errors a result keeps to show; it counts them all.
MAX_ERRORS = 1_000


@dataclass(frozen=True)
class RowError:
    """One problem: its row as a spreadsheet numbers it, the column as the file names it."""

    row: int
    column: str  # the column's key
    header: str  # the column's header in the file
    message: object  # translated (lazy) text

    def __str__(self):
        return str(
            format_lazy(
                _("Row {row}, {column}: {message}"),
                row=self.row,
                column=self.header,
                message=self.message,
            )
        )


@dataclass(frozen=True)
class Change:
    """One row of a preview: a record the file adds or changes."""

    row: int
    record: str  # what the record is, for a person: a code, a name
    fields: tuple[str, ...] = ()  # the attributes that change (for a changed record)
    labels: tuple[str, ...] = ()  # their columns' labels

    @property
    def what(self) -> str:
        return ", ".join(self.labels)


@dataclass
class ImportResult:
    name: str = ""
    format: str = ""
    dry_run: bool = False
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)  # the first PREVIEW_ROWS
    errors: list[RowError] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0
    refused: object = None  # a message: the file as a whole was refused
    ignored: list[str] = field(default_factory=list)  # headers no column answers to

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.error_count

    # What django-import-export's import page asks of a result.
    def has_errors(self) -> bool:
        return self.refused is not None

    def has_validation_errors(self) -> bool:
        return bool(self.error_count)

    @property
    def added_rows(self) -> list[Change]:
        return [c for c in self.changes if not c.fields]

    @property
    def changed_rows(self) -> list[Change]:
        return [c for c in self.changes if c.fields]

    @property
    def listed_all(self) -> bool:
        return len(self.changes) >= self.added + self.changed

    def summary(self) -> str:
        return str(
            format_lazy(
                _("{added} added, {changed} changed, {unchanged} unchanged."),
                added=self.added,
                changed=self.changed,
                unchanged=self.unchanged,
            )
        )

    def message(self) -> str:
        """Why nothing was imported, in one sentence."""
        if self.refused is not None:
            return str(self.refused)
        return ngettext(
            "Nothing was imported: %(count)d problem in the file.",
            "Nothing was imported: %(count)d problems in the file.",
            self.error_count,
        ) % {"count": self.error_count}


@dataclass(frozen=True)
class Existing:
    """A record a row may match: its primary key and its current values by attribute."""

    pk: object
    values: dict


class Row:
    """One row being imported: its cells in the layout's order, then its values."""

    __slots__ = ("number", "cells", "values", "errors", "key", "pk", "fields")

    def __init__(self, number: int, cells: list):
        self.number = number
        self.cells = cells
        self.values: dict = {}
        self.errors: list[tuple[str, object]] = []
        self.key = None  # the importer's record_key, once the row is valid
        self.pk = None
        self.fields: tuple[str, ...] = ()  # what a changed row changes

    def error(self, column: str, message) -> None:
        self.errors.append((column, message))


class Importer:
    """One kind of import. Subclasses set ``schema``, ``key`` and ``title`` and write
    ``existing`` and ``write``; the other hooks have defaults.

    ``key`` names the attributes that identify a record; two rows with the same
    key in one file are refused (filed under ``duplicate_column``).
    """

    schema: Schema
    key: tuple[str, ...] = ()
    duplicate_column: str = ""
    title = ""
    chunk_size = CHUNK
    # Labels of attributes a row sets without a column of its own, for the preview.
    extra_labels: dict = {}

    def __init__(self, user=None):
        self.user = user
        self.schema = type(self).schema.copy()  # what a file primes stays with this import

    @classmethod
    def get_display_name(cls) -> str:
        """The import's name in django-import-export's pages."""
        return str(cls.title)

    # --- downloads in the same columns -------------------------------------------

    @classmethod
    def export_queryset(cls, queryset):
        """``queryset`` with what a download's rows read (``select_related``...) and an order."""
        return queryset

    @classmethod
    def export_rows(cls, queryset, *, codes: bool = False):
        """The header and one row per record, in the active language, read in chunks: a
        download imports back."""
        objects = cls.export_queryset(queryset).iterator(chunk_size=EXPORT_CHUNK)
        return cls.schema.copy().rows(objects, codes=codes)

    # --- hooks ------------------------------------------------------------------

    def begin(self, layout: Layout) -> None:
        """Called once, after the header was matched and before the first row."""

    def prime(self, rows: list[Row], layout: Layout) -> None:
        """Resolve a chunk's natural keys before its rows are parsed: one query per lookup."""
        for position, column in enumerate(layout.columns):
            if isinstance(column, Lookup):
                column.prime(row.cells[position] for row in rows)

    def clean(self, row: Row) -> None:
        """Checks across the columns of a row whose cells all parsed; ``row.error`` files one."""

    def record_key(self, row: Row):
        return tuple(row.values.get(name) for name in self.key)

    def existing(self, rows: list[Row]) -> dict:
        """The records these rows may match, by ``record_key``: one query."""
        raise NotImplementedError

    def describe(self, row: Row) -> str:
        """The record a row is about, for a person reading the preview."""
        return " ".join(text(row.values.get(name)) for name in self.key)

    def cell(self, row: Row, key: str) -> str:
        """The text of the cell of column ``key`` in ``row``, as the file has it."""
        return text(row.cells[self._positions[key]]) if key in self._positions else ""

    def write(self, added: list[Row], changed: list[Row]) -> None:
        """Write one chunk: ``added`` rows have every value, ``changed`` rows their pk too."""
        raise NotImplementedError

    def finish(self) -> None:
        """Called after every chunk was written, still inside the transaction."""

    # --- the run ----------------------------------------------------------------

    def run(self, source, *, name: str | None = None, dry_run: bool = False) -> ImportResult:
        """Import ``source`` (see ``open_table``), or with ``dry_run`` only say what it would do."""
        result = ImportResult(dry_run=dry_run)
        try:
            with open_table(source, name=name) as table:
                result.name, result.format = table.name, table.description
                layout = self.schema.layout(table.header, table.name)
                result.ignored = layout.ignored
                with transaction.atomic():
                    self._run(table, layout, result)
                    if dry_run or not result.ok:
                        transaction.set_rollback(True)
                    else:
                        self.finish()
        except TableError as error:
            result.refused = error.message
        except (IntegrityError, DataError):
            # Another import or a colleague wrote the same records meanwhile.
            result.refused = _(
                "The records changed while the file was imported; nothing was imported. "
                "Import the file again."
            )
        return result

    def _run(self, table, layout: Layout, result: ImportResult) -> None:
        for column in self.schema.columns:
            column.prepare()
        self._positions = {column.key: i for i, column in enumerate(layout.columns)}
        # Per column, in the file's order: its key, its attribute and its parser.
        self._parsers = tuple(
            zip(*((c.key, c.attribute, c.parse) for c in layout.columns), strict=True)
        ) or ((), (), ())
        self.begin(layout)
        self._defaults = {c.attribute: c.default for c in layout.absent}
        self._labels = {c.attribute: str(c.label) for c in self.schema.columns}
        self._labels.update({name: str(label) for name, label in self.extra_labels.items()})
        positions = layout.positions
        seen: dict = {}
        if positions == list(range(len(positions))):  # the columns are all the file has
            width = len(positions)
            rows = (
                Row(number, cells if len(cells) == width else _pick(cells, positions))
                for number, cells in table.rows
            )
        else:
            rows = (Row(number, _pick(cells, positions)) for number, cells in table.rows)
        while chunk := list(itertools.islice(rows, self.chunk_size)):
            self.prime(chunk, layout)
            valid = [row for row in chunk if self._parse(row, layout, seen, result)]
            current = self.existing(valid) if valid else {}
            added, changed = [], []
            for row in valid:
                before = current.get(row.key)
                if before is None:
                    if self._defaults:
                        row.values = {**self._defaults, **row.values}
                    added.append(row)
                    result.added += 1
                    self._list(row, result)
                    continue
                row.pk = before.pk
                row.fields = tuple(
                    name
                    for name, value in row.values.items()
                    if name in before.values and before.values[name] != value
                )
                if row.fields:
                    changed.append(row)
                    result.changed += 1
                    self._list(row, result)
                else:
                    result.unchanged += 1
            if not result.dry_run and result.ok and (added or changed):
                self.write(added, changed)

    def _parse(self, row: Row, layout: Layout, seen: dict, result: ImportResult) -> bool:
        values = row.values
        for key, attribute, parse, cell in zip(*self._parsers, row.cells):  # noqa: B905
            try:
                values[attribute] = parse(cell)
            except ValueError as error:
                row.error(key, error.args[0])
        if not row.errors:
            self.clean(row)
        if not row.errors:
            key = row.key = self.record_key(row)
            if key in seen:
                row.error(
                    self.duplicate_column or self.key[0],
                    format_lazy(_("The same record is already in row {row}."), row=seen[key]),
                )
            else:
                seen[key] = row.number
        for column, message in row.errors:
            result.error_count += 1
            if len(result.errors) < MAX_ERRORS:
                result.errors.append(
                    RowError(row.number, column, layout.header_of(column), message)
                )
        return not row.errors

    def _list(self, row: Row, result: ImportResult) -> None:
        if len(result.changes) < PREVIEW_ROWS:
            result.changes.append(
                Change(
                    row=row.number,
                    record=self.describe(row),
                    fields=row.fields,
                    labels=tuple(self._labels.get(f, f) for f in row.fields),
                )
            )


def _pick(cells, positions) -> list:
    width = len(cells)
    if width > positions[-1]:
        return [cells[p] for p in positions]
    return [cells[p] if p < width else None for p in positions]
