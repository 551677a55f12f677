"""Downloads: formulas neutralised, labels in the requester's language, a proper workbook."""

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from clair_portal.accounts.models import User
from clair_portal.tabular.cells import neutralise
from clair_portal.tabular.columns import Choice, Country, Text
from clair_portal.tabular.reading import open_table
from clair_portal.tabular.schema import Schema
from clair_portal.tabular.template import template_response
from clair_portal.tabular.tests.people import PeopleImport
from clair_portal.tabular.writing import CsvWriter, download, write_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

DANGEROUS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_cell_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(value):
    assert neutralise(value) == "'" + value


def test_numbers_dates_and_signed_telephone_numbers_stay_as_they_are():
    day = datetime.date(2026, 8, 1)
    assert [neutralise(v) for v in (42, 1.5, day, "+442078398500", "-12", None)] == [
        42, 1.5, day, "+442078398500", "-12", "",
    ]  # fmt: skip


def test_csv_and_xlsx_downloads_neutralise_every_cell_and_read_back_unchanged():
    rows = [["name", "position"], *([v, v] for v in DANGEROUS)]
    response = download(iter(rows), filename="x.csv", fmt="csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][0] == "'" + DANGEROUS[0]
    book = load_workbook(io.BytesIO(xlsx_bytes(iter(rows))))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" and cell.value.startswith("'") for cell in cells)
    # The kit's reader takes the apostrophe off again, so a download imports back.
    with open_table(io.BytesIO(text.encode("utf-8-sig")), name="x.csv") as table:
        assert [cells[0].strip() for _n, cells in table.rows] == [v.strip() for v in DANGEROUS]


def test_a_csv_download_starts_with_a_byte_order_mark_for_excel(tmp_path):
    writer = CsvWriter(tmp_path / "a.csv")
    write_rows(writer, [["氏名"], ["山田 花子"]])
    writer.close()
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf\xe6\xb0\x8f")


def test_headers_and_coded_values_are_in_the_requesters_language():
    schema = Schema(
        [
            Text("name", "name"),
            Country("country", "country"),
            Choice("language", "language", choices=lambda: [("ja", "Japanese"), ("en", "English")]),
        ],
        code_columns=["country"],
    )
    people = [type("P", (), {"name": "Saint Paul", "country": "US", "language": "ja"})()]
    with translation.override("ja"):
        header, row = schema.rows(people, codes=True)
    assert header == ["name", "country", "country（コード）", "language"]
    assert row == ["Saint Paul", "アメリカ合衆国", "US", "Japanese"]


def test_a_download_of_users_in_japanese_has_japanese_headers_and_labels():
    User.objects.create_user("hanako@example.jp", full_name="山田 花子", language="en")
    with translation.override("ja"):
        header, row = PeopleImport.export_rows(User.objects.all(), codes=True)
    assert header[:4] == ["メールアドレス", "氏名", "言語", "言語（コード）"]
    assert row[:5] == ["hanako@example.jp", "山田 花子", "英語", "en", "いいえ"]
    # Imported back, the labels mean the same values: nothing changes.
    data = xlsx_bytes(iter([header, row]))
    assert PeopleImport().run(io.BytesIO(data), name="people.xlsx").unchanged == 1


def test_an_xlsx_has_a_bold_frozen_header_real_dates_numbers_and_widths():
    moment = timezone.make_aware(datetime.datetime(2026, 8, 1, 9, 30))
    rows = [
        ["氏名", "登録日", "登録日時", "件数"],
        ["山田 花子", datetime.date(2026, 8, 1), moment, 12],
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(iter(rows), title="People"))).active
    assert sheet.title == "People"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    name, day, when, count = sheet[2]
    assert day.is_date and day.value == datetime.datetime(2026, 8, 1)
    assert day.number_format == "yyyy-mm-dd"
    assert when.is_date and when.value == datetime.datetime(2026, 8, 1, 9, 30)  # Tokyo time
    assert count.data_type == "n" and count.value == 12
    assert name.data_type == "s"
    widths = [sheet.column_dimensions[c].width for c in "ABCD"]
    assert widths[0] >= 10 and widths[1] >= 11 and widths[2] >= 17  # wide letters count twice


def test_a_csv_download_writes_dates_in_iso_form_and_times_in_tokyo():
    moment = timezone.make_aware(datetime.datetime(2026, 8, 1, 0, 30), datetime.UTC)
    rows = [["day", "when"], [datetime.date(2026, 8, 1), moment]]
    text = b"".join(download(iter(rows), filename="x.csv", fmt="csv").streaming_content)
    assert text.decode("utf-8-sig").splitlines()[1] == "2026-08-01,2026-08-01 09:30"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_template_has_the_columns_a_sample_row_and_the_allowed_values(language):
    with translation.override(language):
        response = template_response(PeopleImport, "xlsx", stem="people")
        label = str(User._meta.get_field("language").verbose_name)
        japanese = "日本語" if language == "ja" else "Japanese"
    assert response["Content-Disposition"].endswith('filename="people-template.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, columns = book.worksheets
    assert [c.value for c in data[1]][2] == label
    assert [c.value for c in data[2]][:3] == ["a@example.jp", "山田 花子", japanese]
    rules = {str(rule.sqref): rule.formula1 for rule in data.data_validations.dataValidation}
    assert japanese in rules["C2:C10000"]
    notes = {row[1]: row for row in columns.iter_rows(min_row=2, values_only=True)}
    assert f"{japanese} (ja)" in notes["language"][3]


def test_the_csv_template_imports_as_it_is():
    response = template_response(PeopleImport, "csv", stem="people")
    data = b"".join(response.streaming_content)
    assert b"# " in data  # the notes on the columns
    result = PeopleImport().run(io.BytesIO(data), name="people-template.csv", dry_run=True)
    assert result.ok and result.added == 1
