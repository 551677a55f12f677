"""Writing report rows to a file, one chunk at a time, as CSV or XLSX."""

import csv
from pathlib import Path

from django.utils.functional import Promise
from openpyxl import Workbook

from clair_portal.jobs.kinds import CSV, XLSX, OutputFormat

# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> object:
    """A value safe to put in a spreadsheet cell: text, number or empty.

    Text that a spreadsheet would run as a formula gets a leading apostrophe
    (OWASP CSV injection), except a plain signed number such as an E.164
    telephone number, which stays readable.
    """
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, bool | int | float):
        return value
    value = str(value)
    if value.startswith(FORMULA_STARTS) and not value[1:].isdigit():
        return "'" + value
    return value


class CsvWriter:
    def __init__(self, path: Path):
        # The byte-order mark lets Excel open Japanese text as UTF-8.
        self._file = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self._csv = csv.writer(self._file)

    def write(self, rows) -> None:
        self._csv.writerows([cell(v) for v in row] for row in rows)

    def close(self) -> None:
        self._file.close()


class XlsxWriter:
    def __init__(self, path: Path):
        self._path = path
        # write_only keeps rows on disk, not in memory, however long the report.
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet()

    def write(self, rows) -> None:
        for row in rows:
            self._sheet.append([cell(v) for v in row])

    def close(self) -> None:
        self._workbook.save(self._path)
        self._workbook.close()


WRITERS = {CSV.key: CsvWriter, XLSX.key: XlsxWriter}


def open_writer(output: OutputFormat, path: Path):
    return WRITERS[output.key](path)
