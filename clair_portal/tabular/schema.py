"""A file's columns: which header names which column, and a download's header and rows."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.tabular.cells import normalise
from clair_portal.tabular.columns import Column, in_every_language
from clair_portal.tabular.reading import TableError

# The header of a download's machine-readable column beside a coded one.
CODE_HEADER = pgettext_lazy("column header", "{label} (code)")


@dataclass
class Layout:
    """Where a file holds each column it has."""

    columns: list[Column]  # the imported columns the file has, in the file's order
    positions: list[int]  # the index of each in a row
    headers: dict[str, str]  # column key -> the header as the file writes it
    ignored: list[str] = field(default_factory=list)  # headers no column answers to
    absent: list[Column] = field(default_factory=list)  # optional columns left out

    def header_of(self, key: str) -> str:
        return self.headers.get(key, key)


class Schema:
    """The columns of one kind of file, for import, download and template alike.

    ``code_columns`` names the coded columns a download may repeat as codes
    (open data wants ``US`` beside 「アメリカ合衆国」).
    """

    def __init__(self, columns: Iterable[Column], *, code_columns: Iterable[str] = ()):
        self.columns = list(columns)
        self.code_columns = set(code_columns)

    def copy(self) -> "Schema":
        return Schema([c.copy() for c in self.columns], code_columns=self.code_columns)

    def __getitem__(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def imported(self) -> list[Column]:
        return [c for c in self.columns if c.imported]

    # --- reading ----------------------------------------------------------------

    def spellings(self) -> dict[str, tuple[Column, bool]]:
        """Every accepted header, normalised: its column and whether it is the code column."""
        names: dict[str, tuple[Column, bool]] = {}
        for column in self.imported:
            labels = in_every_language(lambda c=column: str(c.label))
            codes = in_every_language(lambda c=column: str(format_lazy(CODE_HEADER, label=c.label)))
            for label in labels:
                names.setdefault(normalise(label), (column, False))
            for label in codes:
                names.setdefault(normalise(label), (column, True))
            names[normalise(column.key)] = (column, False)
        return names

    def layout(self, header: list, name: str) -> Layout:
        """Match ``header`` to the columns; ``TableError`` if one is missing or doubled.

        A coded column given both as labels and as codes (a download with its
        code columns) is read from the codes.
        """
        spellings = self.spellings()
        found: dict[str, tuple[int, bool]] = {}
        headers: dict[str, str] = {}
        ignored = []
        for index, cell in enumerate(header):
            title = "" if cell is None else str(cell).strip()
            if not title:
                continue
            match = spellings.get(normalise(title))
            if match is None:
                ignored.append(title)
                continue
            column, is_code = match
            if column.key in found:
                previous, previous_is_code = found[column.key]
                if previous_is_code == is_code:
                    raise TableError(
                        format_lazy(
                            _(
                                "“{name}” has the column “{column}” twice (columns {first} and {second})."
                            ),
                            name=name,
                            column=title,
                            first=_letters(previous),
                            second=_letters(index),
                        )
                    )
                if not is_code:
                    continue
            found[column.key] = (index, is_code)
            headers[column.key] = title
        missing = [c for c in self.imported if c.key not in found and not c.optional]
        if missing:
            raise TableError(
                format_lazy(
                    _(
                        "The header row of “{name}” lacks the columns: {columns}. The first row must name the columns; the template shows them."
                    ),
                    name=name,
                    columns=", ".join(_named(c) for c in missing),
                )
            )
        present = sorted((found[c.key][0], c) for c in self.imported if c.key in found)
        return Layout(
            columns=[c for _i, c in present],
            positions=[i for i, _c in present],
            headers=headers,
            ignored=ignored,
            absent=[c for c in self.imported if c.key not in found],
        )

    # --- writing ----------------------------------------------------------------

    def exported(self) -> list[Column]:
        return [c for c in self.columns if c.export is not False]

    def header(self, *, codes: bool = False) -> list[str]:
        """A download's header in the active language."""
        names = []
        for column in self.exported():
            names.append(str(column.label))
            if codes and column.key in self.code_columns:
                names.append(str(format_lazy(CODE_HEADER, label=column.label)))
        return names

    def row(self, obj, *, codes: bool = False) -> list:
        """A download's row for ``obj`` in the active language."""
        cells = []
        for column in self.exported():
            value = column.value_of(obj)
            cells.append(column.render(value))
            if codes and column.key in self.code_columns:
                cells.append(column.code(value))
        return cells

    def rows(self, objects: Iterable, *, codes: bool = False) -> Iterator[list]:
        """The header, then one row per object."""
        yield self.header(codes=codes)
        for obj in objects:
            yield self.row(obj, codes=codes)


def _named(column: Column) -> str:
    label = str(column.label)
    return label if normalise(label) == normalise(column.key) else f"{label} ({column.key})"


def _letters(index: int) -> str:
    """A column's letters as a spreadsheet shows them: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
