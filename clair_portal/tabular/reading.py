"""Reading an uploaded CSV or XLSX file as a stream of rows.

A file is recognised by its content, not its name: an XLSX is a zip file,
anything else is read as CSV. A CSV may be UTF-8 (with or without the
byte-order mark Excel's "CSV UTF-8" writes) or Shift_JIS, which Japanese
Excel writes for plain "CSV" (Windows code page 932, a superset of
Shift_JIS); the encoding is found by reading the file once, before any row
is used, and named in the preview. Any other file is refused with a message
naming what is wrong, never with a server error.

Rows are read lazily: a CSV through Python's ``csv`` module, an XLSX through
openpyxl's read-only mode, so a file of any length costs the memory of one
row (and the importer's chunk) at a time. The size and the number of rows
are limited by ``IMPORT_MAX_BYTES`` and ``IMPORT_MAX_ROWS``.
"""

import codecs
import csv
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.errors import DomainError
from clair_portal.tabular.cells import unquote

SCAN_BYTES = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old binary .xls workbook
ZIP = b"PK\x03\x04"
UTF8, UTF8_BOM, CP932 = "UTF-8", "UTF-8 (BOM)", "Shift_JIS (CP932)"
CODECS = {UTF8: "utf-8", UTF8_BOM: "utf-8-sig", CP932: "cp932"}
# A cell of Excel holds at most 32,767 characters; a longer CSV cell is not a spreadsheet's.
csv.field_size_limit(1024 * 1024)


class TableError(DomainError):
    """A file refused as a whole, with a translated message naming the problem."""


@dataclass
class Table:
    """An open file: what it is, its header row, and its rows still to be read.

    ``rows`` yields ``(number, cells)`` for every row after the header that
    holds anything, numbered as a spreadsheet numbers them (the header is row
    1). Rows whose first cell starts with ``#`` are notes (the templates list
    allowed values that way) and are skipped.
    """

    name: str
    format: str  # "CSV" or "XLSX"
    encoding: str  # for a CSV, one of UTF8, UTF8_BOM, CP932
    header: list[str]
    rows: Iterator[tuple[int, list]]

    @property
    def description(self) -> str:
        return f"{self.format}, {self.encoding}" if self.encoding else self.format


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


@contextmanager
def open_table(source, *, name: str | None = None) -> Iterator[Table]:
    """Open ``source`` (a path, an uploaded or stored file, or a binary file object).

    Raises ``TableError`` for a file that is too large, empty, not CSV or XLSX,
    in another encoding, damaged, or without a worksheet; iterating its rows
    raises ``TableError`` for a row beyond the limit or a CSV that breaks off.
    """
    with _binary(source) as file:
        name = name or os.path.basename(getattr(file, "name", "") or "") or _("the file")
        size = _size(file)
        if size > max_bytes():
            raise TableError(
                format_lazy(
                    _(
                        "“{name}” is {size}; an import may be at most {limit}. Split it into smaller files."
                    ),
                    name=name,
                    size=filesizeformat(size),
                    limit=filesizeformat(max_bytes()),
                )
            )
        if size == 0:
            raise TableError(format_lazy(_("“{name}” is empty."), name=name))
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if head.startswith(ZIP):
            with _xlsx(file, name) as table:
                yield table
        elif head.startswith(OLE2):
            raise TableError(
                format_lazy(
                    _(
                        "“{name}” is an old Excel workbook (.xls); save it as .xlsx or as CSV and upload that."
                    ),
                    name=name,
                )
            )
        else:
            yield _csv(file, name)


@contextmanager
def _binary(source):
    if isinstance(source, str | Path):
        with open(source, "rb") as file:
            yield file
        return
    if hasattr(source, "open") and getattr(source, "closed", False):
        source.open("rb")  # a Django File closed after upload or storage
    yield source


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    return size


# --- CSV ---------------------------------------------------------------------------


def _csv(file, name) -> Table:
    encoding, newlines = _encoding(file, name)
    file.seek(0)
    if newlines > max_rows():
        _count_rows(file, encoding, name)  # only a file that might be too long is counted
        file.seek(0)
    text = _text(file, encoding)
    first = text.readline()
    delimiter = max(",\t;", key=first.count) if first.strip() else ","
    reader = csv.reader(_chain(first, text), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as error:
        raise _csv_error(name, 1, error) from None
    return Table(
        name, "CSV", encoding, [unquote(h.strip()) for h in header], _csv_rows(reader, name)
    )


def _chain(first, rest):
    yield first
    yield from rest


def _csv_rows(reader, name):
    limit = max_rows()
    counted = 0
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _csv_error(name, number + 1, error) from None
        number += 1
        joined = "".join(cells)
        if not joined.strip() or cells[0][:1] == "#":
            continue
        counted += 1
        if counted > limit:
            raise _too_many(name)
        if "'" in joined:
            cells = [unquote(c) if c[:1] == "'" else c for c in cells]
        yield number, cells


def _csv_error(name, number, error) -> TableError:
    return TableError(
        format_lazy(
            _("“{name}” cannot be read as CSV from row {row} on ({error})."),
            name=name,
            row=number,
            error=error,
        )
    )


def _too_many(name) -> TableError:
    return TableError(
        format_lazy(
            _(
                "“{name}” has more than {limit} rows; an import may have at most {limit}. Split it into several files."
            ),
            name=name,
            limit=f"{max_rows():,}",
        )
    )


def _count_rows(file, encoding, name) -> None:
    rows = sum(1 for cells in csv.reader(_text(file, encoding)) if any(c.strip() for c in cells))
    if rows - 1 > max_rows():
        raise _too_many(name)


def _text(file, encoding) -> io.TextIOWrapper:
    buffered = io.BufferedReader(_Unclosed(file), SCAN_BYTES)
    return io.TextIOWrapper(buffered, encoding=CODECS[encoding], newline="")


class _Unclosed(io.RawIOBase):
    """A view of an open binary file that a TextIOWrapper may close without closing it."""

    def __init__(self, file):
        self._file = file

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._file.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _encoding(file, name) -> tuple[str, int]:
    """The file's encoding (UTF8, UTF8_BOM or CP932) and its number of line feeds.

    A file in neither is refused; so is one with a NUL byte, which no text in
    these encodings holds. UTF-16 and UTF-32, which some programs write, are
    named as such.
    """
    head = file.read(4)
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if head.startswith(bom):
            raise _other_encoding(name, encoding)
    file.seek(0)
    sample = file.read(4096)
    if sample.count(b"\x00") * 4 > len(sample):  # every other byte: UTF-16 without its mark
        raise _other_encoding(name, "UTF-16")
    bom = head.startswith(codecs.BOM_UTF8)
    for encoding in (UTF8_BOM if bom else UTF8, CP932):
        scanned = _scan(file, CODECS[encoding])
        if scanned is not None:
            newlines, nul_line = scanned
            if nul_line:
                raise TableError(
                    format_lazy(
                        _(
                            "“{name}” has a NUL character on line {line}: it is not a text file. Save it from the spreadsheet as CSV and upload that."
                        ),
                        name=name,
                        line=nul_line,
                    )
                )
            return encoding, newlines
    raise TableError(
        format_lazy(
            _(
                "“{name}” is neither UTF-8 nor Shift_JIS (CP932) text, the two encodings the portal reads. In Excel, save it as “CSV UTF-8” and upload that."
            ),
            name=name,
        )
    )


def _other_encoding(name, encoding) -> TableError:
    return TableError(
        format_lazy(
            _(
                "“{name}” is {encoding} text; the portal reads CSV in UTF-8 or Shift_JIS (CP932). In Excel, save it as “CSV UTF-8” and upload that."
            ),
            name=name,
            encoding=encoding,
        )
    )


def _scan(file, codec) -> tuple[int, int] | None:
    """``(line feeds, line of the first NUL or 0)`` if the whole file decodes, else None."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder(codec)("strict")
    newlines = 0
    nul_line = 0
    while chunk := file.read(SCAN_BYTES):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return None
        if not nul_line and b"\x00" in chunk:
            nul_line = newlines + chunk[: chunk.index(b"\x00")].count(b"\n") + 1
        newlines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return newlines, nul_line


# --- XLSX --------------------------------------------------------------------------


@contextmanager
def _xlsx(file, name):
    import openpyxl

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001
        # openpyxl fails in many ways on a damaged or foreign zip (BadZipFile,
        # KeyError, a parse error, AttributeError...); each means the same here.
        raise _damaged(name, error) from None
    try:
        if not book.worksheets:
            raise TableError(
                format_lazy(
                    _(
                        "“{name}” has no worksheet: put the rows on the first sheet of the workbook."
                    ),
                    name=name,
                )
            )
        rows = book.worksheets[0].iter_rows(values_only=True)
        try:
            header = next(rows, ())
        except Exception as error:  # noqa: BLE001  (the sheet's XML, read lazily, may be damaged)
            raise _damaged(name, error) from None
        header = ["" if h is None else unquote(str(h).strip()) for h in header]
        yield Table(name, "XLSX", "", header, _xlsx_rows(rows, name))
    finally:
        book.close()


def _damaged(name, error) -> TableError:
    return TableError(
        format_lazy(
            _(
                "“{name}” is not an Excel workbook the portal can read; it may be damaged ({error}). Save it again from Excel as .xlsx, or as CSV."
            ),
            name=name,
            error=type(error).__name__,
        )
    )


def _xlsx_rows(rows, name):
    limit = max_rows()
    counted = 0
    number = 1
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001
            raise _damaged(name, error) from None
        number += 1
        cells = [unquote(v) if isinstance(v, str) and v[:1] == "'" else v for v in values]
        if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in cells):
            continue
        if isinstance(cells[0], str) and cells[0].startswith("#"):
            continue
        counted += 1
        if counted > limit:
            raise _too_many(name)
        yield number, cells
