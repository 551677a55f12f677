import csv
import io

import pytest
from openpyxl import load_workbook

from clair_portal.jobs import services
from clair_portal.jobs.kinds import registry
from clair_portal.jobs.models import Job
from clair_portal.jobs.tasks import run_job
from clair_portal.tabular.cells import neutralise as cell

pytestmark = pytest.mark.django_db


def produce(user, kind, language="en"):
    job = services.request_job(user, kind, language=language)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error_message
    return job


def read_csv(job):
    text = services.open_result(job).read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(job):
    workbook = load_workbook(services.open_result(job), read_only=True)
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    workbook.close()
    return [["" if value is None else value for value in row] for row in rows]


def test_local_government_csv_has_every_local_government(cast):
    job = produce(cast.hq, "local-governments-csv")

    rows = read_csv(job)
    header, data = rows[0], rows[1:]
    assert header == [
        "JIS X 0402 code",
        "kind",
        "prefecture",
        "name (kanji)",
        "name (katakana)",
        "name (romaji)",
    ]
    assert len(data) == 1788
    assert (job.rows_done, job.rows_total) == (1788, 1788)
    by_code = {row[0]: row for row in data}
    assert by_code["422011"] == [
        "422011",
        "city",
        "Nagasaki Prefecture",
        "長崎市",
        "ナガサキシ",
        "Nagasaki",
    ]
    assert by_code["130001"][:3] == ["130001", "prefecture", ""]
    assert job.result_filename.endswith(".csv")


def test_local_government_report_names_prefectures_in_the_reports_language(cast):
    job = produce(cast.hq, "local-governments-csv", language="ja")

    by_code = {row[0]: row for row in read_csv(job)[1:]}
    assert by_code["422011"][2] == "長崎県"
    assert by_code["131016"][2] == "東京都"


def test_local_government_xlsx_opens_in_a_spreadsheet(cast):
    job = produce(cast.office_a, "local-governments-xlsx")

    rows = read_xlsx(job)
    assert rows[0][0] == "JIS X 0402 code"
    assert len(rows) == 1789
    assert rows[1][0] == "010006"
    assert job.result_content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert job.result_filename.endswith(".xlsx")


OFFICE_HEADER = [
    "name",
    "name",
    "local name",
    "city",
    "country",
    "address",
    "time zone",
    "telephone",
    "fax",
    "e-mail",
    "website",
]


@pytest.mark.parametrize(("kind", "read"), [("csv", read_csv), ("xlsx", read_xlsx)])
def test_office_directory_lists_offices_then_their_departments(cast, kind, read):
    job = produce(cast.office_a, f"office-directory-{kind}")

    rows = read(job)
    assert rows[0] == OFFICE_HEADER
    london = next(row for row in rows if row[1] == "" and row[7] == "+442078398500")
    assert london[2:] == [
        "Japan Local Government Centre (CLAIR, London)",
        "London",
        "United Kingdom",
        "15 Whitehall, London SW1A 2DD, U.K.",
        "Europe/London",
        "+442078398500",
        "+442078398191",
        "mailbox@jlgc.org.uk",
        "http://www.jlgc.org.uk",
    ]
    new_york = next(row for row in rows if row[6] == "America/New_York")
    assert new_york[7:] == ["", "", "", ""]  # not in the booklet: left for HQ to fill in
    departments = [row for row in rows[1:] if row[1]]
    assert ["+81352131730", "+81352131741"] in [row[7:9] for row in departments]
    offices = [row for row in rows[1:] if not row[1]]
    assert len(offices) == 8
    assert job.rows_done == len(rows) - 1


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised():
    assert cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0"
    assert cell("+442078398500") == "+442078398500"
    assert cell(None) == ""
    assert cell(42) == 42


def test_the_first_reports_are_registered_in_both_formats():
    keys = {kind.key for kind in registry}
    assert {
        "office-directory-csv",
        "office-directory-xlsx",
        "local-governments-csv",
        "local-governments-xlsx",
    } <= keys


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("participant", False),
        ("office_a", True),
        ("office_b", True),
        ("hq", True),
        ("superuser", True),
    ],
)
def test_hq_and_office_staff_may_request_the_directory_reports(cast, role, allowed):
    kinds = {kind.key for kind in services.kinds_for_user(cast.by_role(role))}
    assert ("office-directory-csv" in kinds) is allowed
    assert ("local-governments-xlsx" in kinds) is allowed


def test_office_directory_in_japanese_uses_the_japanese_office_names(cast):
    job = produce(cast.hq, "office-directory-csv", language="ja")

    names = [row[0] for row in read_csv(job)[1:] if not row[1]]
    assert "ロンドン事務所" in names
    assert "ニューヨーク事務所" in names


def test_a_report_workbook_has_its_header_bold_and_frozen_and_columns_sized(cast):
    job = produce(cast.hq, "local-governments-xlsx", language="ja")
    workbook = load_workbook(services.open_result(job))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["A1"].value == "全国地方公共団体コード（JIS X 0402）"
    # Kanji are twice as wide as Latin letters: the name column is sized for them.
    assert sheet.column_dimensions["D"].width >= 8
