"""Writing downloads: CSV for any program, XLSX for Excel, one chunk of rows at a time.

Every writer neutralises cells a spreadsheet would run as formulas. A CSV is
UTF-8 with a byte-order mark, so that Excel opens Japanese text correctly. An
XLSX has its header row bold and frozen, columns as wide as their first rows
need, dates and times as date cells and numbers as numbers; it is written in
openpyxl's write-only mode, so its rows go to disk, not memory.
"""

import csv
import datetime
import io
import tempfile
import unicodedata
from pathlib import Path

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from clair_portal import licence
from clair_portal.licence import with_licence_link
from clair_portal.security.uploads import attachment_response, sanitise_filename
from clair_portal.tabular.cells import local, neutralise

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}
# Rows a CSV stream hands over at once, and rows an XLSX reads to size its columns.
STREAM_ROWS = 500
SIZING_ROWS = 100
MIN_WIDTH, MAX_WIDTH = 6, 60
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"


def csv_value(value):
    """A value as CSV text: dates in ISO form, times in the portal's zone, formulas neutralised."""
    if isinstance(value, datetime.datetime):
        return local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return neutralise(value)


class CsvWriter:
    """Rows to a text file (opened here from a path, or given), UTF-8 with a byte-order mark."""

    def __init__(self, target):
        if isinstance(target, str | Path):
            self._file = open(target, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._owned = True
        else:
            self._file, self._owned = target, False
            self._file.write("\ufeff")
        self._csv = csv.writer(self._file)

    def header(self, labels) -> None:
        self.write([labels])

    def write(self, rows) -> None:
        self._csv.writerows([csv_value(v) for v in row] for row in rows)

    def close(self) -> None:
        if self._owned:
            self._file.close()


class XlsxWriter:
    """Rows to an XLSX file (a path or a binary file), one worksheet, header bold and frozen.

    The first ``SIZING_ROWS`` rows are held back until the columns are sized
    from them (write-only sheets take widths before any row); then every row
    goes straight to disk.
    """

    def __init__(self, target, *, title: str = ""):
        self._target = target
        self._book = Workbook(write_only=True)
        self.sheet = self._book.create_sheet(_sheet_title(title))
        self._held: list[list] | None = []
        self._bold = Font(bold=True)

    def header(self, labels) -> None:
        self.sheet.freeze_panes = "A2"
        row = []
        for label in labels:
            cell = WriteOnlyCell(self.sheet, value=neutralise(str(label)))
            cell.font = self._bold
            row.append(cell)
        self._append(row)

    def write(self, rows) -> None:
        for row in rows:
            self._append([self._cell(v) for v in row])

    def _cell(self, value):
        value = neutralise(value)
        if isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(self.sheet, value=local(value))
            cell.number_format = TIME_FORMAT
            return cell
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return value

    def _append(self, row) -> None:
        if self._held is None:
            self.sheet.append(row)
            return
        self._held.append(row)
        if len(self._held) > SIZING_ROWS:
            self._flush()

    def _flush(self) -> None:
        held, self._held = self._held, None
        widths: dict[int, int] = {}
        for row in held:
            for index, cell in enumerate(row, 1):
                widths[index] = max(widths.get(index, MIN_WIDTH), _width(cell))
        for index, width in widths.items():
            self.sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)
        for row in held:
            self.sheet.append(row)

    def add_sheet(self, title):
        """Another worksheet after this one (written whole, e.g. notes on the columns)."""
        return self._book.create_sheet(_sheet_title(title))

    def licence(self) -> None:
        """Say where the data comes from and how it may be reused: in the workbook's
        properties (which spreadsheet programs show) and on a sheet of its own."""
        statement = licence.statement()
        self._book.properties.creator = str(licence.CREDIT)
        self._book.properties.description = statement
        sheet = self.add_sheet(gettext("Licence"))
        sheet.append([statement])
        sheet.append([licence.LICENCE_URL])

    def close(self) -> None:
        if self._held is not None:
            self._flush()
        self._book.save(self._target)
        self._book.close()


def _sheet_title(title) -> str:
    # Excel's limits: 31 characters, none of []:*?/\
    title = "".join(c for c in str(title) if c not in "[]:*?/\\")[:31].strip()
    return title or "Sheet1"


def _width(cell) -> int:
    """Characters a cell needs: East Asian wide letters count twice."""
    value = cell.value if isinstance(cell, Cell) else cell
    if isinstance(value, datetime.datetime):
        return 17
    if isinstance(value, datetime.date):
        return 11
    text = str(value if value is not None else "").split("\n")[0]
    return 2 + sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def write_rows(writer, rows) -> int:
    """Write a header row, then the others; returns the number of data rows."""
    rows = iter(rows)
    writer.header(next(rows))
    count = 0
    while chunk := _take(rows, STREAM_ROWS):
        writer.write(chunk)
        count += len(chunk)
    return count


def _take(rows, n) -> list:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == n:
            break
    return chunk


# --- Responses ---------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def _csv_stream(rows, language):
    """The CSV text of ``rows`` in pieces, each made in ``language``: the server reads a
    streamed response after the view has returned and its language may have changed."""
    rows = iter(rows)
    writer = csv.writer(_Echo())
    with translation.override(language):
        text = "\ufeff" + writer.writerow([neutralise(str(v)) for v in next(rows)])
    yield text
    while True:
        with translation.override(language):
            chunk = _take(rows, STREAM_ROWS)
            text = "".join(writer.writerow([csv_value(v) for v in row]) for row in chunk)
        if not chunk:
            return
        yield text


def download(rows, *, filename: str, fmt: str, title: str = "", public: bool = False):
    """A download of ``rows`` (a header row, then the data rows) as CSV or XLSX.

    A CSV is streamed as the rows are read; an XLSX is spooled to a temporary
    file, then sent. Call only after checking who is asking. A ``public``
    download is open data: it carries the licence (a ``Link`` header, and in an
    XLSX the workbook's description and a sheet saying where the data comes from).
    """
    filename = sanitise_filename(filename)
    if fmt == "csv":
        stream = _csv_stream(rows, translation.get_language())
        response = StreamingHttpResponse(stream, content_type=CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return with_licence_link(response) if public else response
    if fmt != "xlsx":
        raise ValueError(f"unknown download format {fmt!r}")
    return xlsx_response(
        filename, lambda writer: write_rows(writer, rows), title=title, public=public
    )


def xlsx_response(filename: str, fill, *, title: str = "", public: bool = False):
    """An XLSX download that ``fill(writer)`` writes, spooled to a temporary file."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (the response closes it)
    writer = XlsxWriter(spool, title=title)
    fill(writer)
    if public:
        writer.licence()
    writer.close()
    spool.seek(0)
    response = attachment_response(spool, sanitise_filename(filename), XLSX_TYPE)
    return with_licence_link(response) if public else response


def xlsx_bytes(rows, *, title: str = "") -> bytes:
    """``rows`` as the bytes of an XLSX file, for what is sent whole (an e-mail, a test)."""
    buffer = io.BytesIO()
    writer = XlsxWriter(buffer, title=title)
    write_rows(writer, rows)
    writer.close()
    return buffer.getvalue()
