"""The downloadable template of an import: its columns, a sample row, the allowed values.

A CSV template holds the header, the sample row and one note row per column
(rows starting with ``#`` are skipped on import, so the file imports as it
is). An XLSX template holds the header and sample row on its first sheet,
with a drop-down list on each coded column that Excel can take, and a second
sheet describing every column. Everything is in the requester's language.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from clair_portal.tabular.columns import Boolean, Choice, ChoiceList, Country
from clair_portal.tabular.writing import download, write_rows, xlsx_response

# Excel's limit for a list typed into a validation rule.
INLINE_LIST_LIMIT = 255
VALIDATED_ROWS = 10_000
NOTE_WIDTHS = (28, 22, 16, 90)


def _allowed(column) -> str:
    """What a coded column takes: its labels with their codes."""
    if isinstance(column, Country):
        return str(_("A country's ISO 3166 code (e.g. US) or its name."))
    choices = column.choices()
    if not choices:
        return ""
    listed = "; ".join(label if label == code else f"{label} ({code})" for code, label in choices)
    if isinstance(column, ChoiceList):
        return str(
            format_lazy(_("One or more of these, separated by “;”: {values}"), values=listed)
        )
    return str(format_lazy(_("One of: {values}"), values=listed))


def rows(importer_class) -> list[list]:
    """The header and the sample row of ``importer_class``'s template."""
    columns = importer_class.schema.imported
    header = [str(c.label) for c in columns]
    sample = [c.render(c.sample) if c.sample is not None else "" for c in columns]
    return [header, sample]


def notes(importer_class) -> list[list[str]]:
    """One row per column: its label, code, whether it is required, and what it takes."""
    required = str(pgettext_lazy("column", "required"))
    optional = str(pgettext_lazy("column", "may be left out"))
    lines = []
    for column in importer_class.schema.imported:
        need = required if column.required else (optional if column.optional else "")
        about = " ".join(str(part) for part in (column.help_text, _allowed(column)) if part)
        lines.append([str(column.label), column.key, need, about])
    return lines


def template_response(importer_class, fmt: str, *, stem: str):
    """The template of ``importer_class`` as a CSV or XLSX download named ``<stem>-template``."""
    filename = f"{stem}-template.{fmt}"
    if fmt == "csv":
        lines = rows(importer_class)
        for label, key, need, about in notes(importer_class):
            said = "; ".join(part for part in (need, about) if part)
            lines.append([f"# {label} ({key})" + (f": {said}" if said else "")])
        return download(lines, filename=filename, fmt="csv")

    def fill(writer):
        _drop_downs(writer.sheet, importer_class.schema.imported)
        write_rows(writer, rows(importer_class))
        sheet = writer.add_sheet(str(_("Columns")))
        for index, width in enumerate(NOTE_WIDTHS, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append(
            [str(_("Column")), str(_("Code")), str(_("Required")), str(_("What it takes"))]
        )
        for line in notes(importer_class):
            sheet.append(line)

    return xlsx_response(filename, fill, title=str(importer_class.title))


def _drop_downs(sheet, columns) -> None:
    """A drop-down list of the labels on each single-choice column, where Excel takes one."""
    for index, column in enumerate(columns, 1):
        if not isinstance(column, Choice | Boolean) or isinstance(column, ChoiceList):
            continue
        labels = [label for _code, label in column.choices()]
        listed = ",".join(labels)
        if len(listed) > INLINE_LIST_LIMIT or any("," in label or '"' in label for label in labels):
            continue
        letter = get_column_letter(index)
        rule = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        rule.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        sheet.data_validations.append(rule)
