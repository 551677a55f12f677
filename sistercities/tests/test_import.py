"""Import of affiliations: per-row errors, all or nothing, idempotent, no query per row."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clair_portal.tabular.writing import xlsx_bytes
from reference.models import ForeignLocalGovernment
from sistercities.models import Affiliation
from sistercities.resources import AffiliationImport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_register(reference_data):
    """These tests count what an import adds: start without the reference affiliation."""
    Affiliation.objects.all().delete()
    ForeignLocalGovernment.objects.all().delete()


def table(rows: list[dict]) -> bytes:
    """The rows as a CSV file whose header names the columns the rows have, by code."""
    columns = list(dict.fromkeys(name for row in rows for name in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def import_affiliations(rows: list[dict], *, dry_run=False):
    return AffiliationImport().run(io.BytesIO(table(rows)), name="a.csv", dry_run=dry_run)


def row(**values) -> dict:
    base = {
        "japanese_codes": "422011",
        "partner_name_en": "Saint Paul",
        "partner_country": "US",
        "partner_region": "Minnesota",
        "kind": "sister",
        "established_year": "1955",
        "status": "active",
        "fields": "education;culture",
        "notes_en": "The first.",
        "notes_ja": "最初の提携。",
        "signed_by_both_heads": "1",
    }
    return {**base, **values}


def many(n: int) -> list[dict]:
    codes = ["011002", "012025", "012033", "012041", "012050", "012068", "012076"]
    return [
        row(japanese_codes=codes[i % len(codes)], partner_name_en=f"Town {i}", partner_region="")
        for i in range(n)
    ]


def test_import_creates_affiliations_and_their_partners(reference_data):
    result = import_affiliations([row(), row(japanese_codes="423076;423084", partner_name_en="Portland", partner_region="Oregon")])  # fmt: skip
    assert (result.added, result.changed, ForeignLocalGovernment.objects.count()) == (2, 0, 2)
    joint = Affiliation.objects.get(partner__name_en="Portland")
    assert sorted(joint.japanese.values_list("code", flat=True)) == ["423076", "423084"]
    first = Affiliation.objects.get(partner__name_en="Saint Paul")
    assert first.fields == ["education", "culture"] and first.signed_by_both_heads
    assert first.notes_ja == "最初の提携。"
    assert first.history.count() == 1  # HQ can see who imported it
    assert ForeignLocalGovernment.objects.get(name_en="Portland").search_key.startswith("portland")


def test_the_same_file_twice_changes_nothing(reference_data):
    import_affiliations([row(), *many(5)])
    history = Affiliation.history.count()
    again = import_affiliations([row(), *many(5)])
    assert (again.added, again.changed, again.unchanged) == (0, 0, 6)
    assert Affiliation.history.count() == history
    assert Affiliation.objects.count() == 6


def test_a_changed_cell_updates_only_that_affiliation(reference_data):
    import_affiliations([row(), *many(3)])
    result = import_affiliations([row(status="dormant"), *many(3)])
    assert (result.added, result.changed, result.unchanged) == (0, 1, 3)
    assert [c.fields for c in result.changes] == [("status",)]
    assert Affiliation.objects.get(partner__name_en="Saint Paul").status == "dormant"


def test_one_bad_row_imports_nothing_and_names_every_row_and_field(reference_data):
    rows = [
        row(),
        row(partner_name_en="A", japanese_codes="999999", partner_country="XX"),
        row(partner_name_en="B", established_year="soon", fields="gardening"),
        row(partner_name_en="C", status="ended"),
        row(partner_name_en="D", partner_country=""),
    ]
    result = import_affiliations(rows)
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (3, "japanese_codes"),
        (3, "partner_country"),
        (4, "established_year"),
        (4, "fields"),
        (5, "ended_on"),
        (6, "partner_country"),
    ]
    assert "999999" in str(result.errors[0])
    assert Affiliation.objects.count() == 0
    assert ForeignLocalGovernment.objects.count() == 0


def test_duplicate_rows_in_one_file_are_refused(reference_data):
    result = import_affiliations([row(), row(notes_en="again")])
    assert [(e.row, e.column) for e in result.errors] == [(3, "japanese_codes")]


def test_a_preview_checks_everything_and_keeps_nothing(reference_data):
    result = import_affiliations([row(), *many(3)], dry_run=True)
    assert result.added == 4 and result.dry_run
    assert Affiliation.objects.count() == 0 and ForeignLocalGovernment.objects.count() == 0


def test_queries_do_not_grow_with_the_rows(reference_data):
    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            import_affiliations(rows)
        return len(captured)

    small, large = queries(many(5)), queries([row(partner_name_en=f"X{i}") for i in range(200)])
    assert small == large
    # Again, now that every row exists: reads only, plus nothing to write.
    assert queries(many(5)) <= small


def test_the_download_imports_back_unchanged(reference_data):
    import_affiliations([row(), *many(4)])
    for language in ("en", "ja"):
        with translation.override(language):
            rows = list(AffiliationImport.export_rows(Affiliation.objects.order_by("id")))
        result = AffiliationImport().run(io.BytesIO(xlsx_bytes(rows)), name="sister-cities.xlsx")
        assert (result.added, result.changed, result.unchanged) == (0, 0, 5), result.errors


def test_a_file_without_the_required_columns_is_refused(reference_data):
    result = AffiliationImport().run(io.BytesIO(b"name,year\nNagasaki,1955\n"), name="x.csv")
    assert "japanese_codes" in str(result.refused)


def test_admin_import_previews_then_imports(client, cast):
    client.force_login(cast.superuser)
    data = table([row()])
    url = "/admin/sistercities/affiliation/import/"
    response = client.post(url, {"import_file": SimpleUploadedFile("a.csv", data)})
    assert response.status_code == 200
    assert (
        "This file adds 1 records, changes 0 and leaves 0 as they are." in response.content.decode()
    )
    assert Affiliation.objects.count() == 0
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:sistercities_affiliation_process_import"), confirm)
    assert response.status_code == 302
    assert Affiliation.objects.count() == 1
    assert Affiliation.objects.get().history.get().history_user == cast.superuser
    bad = data.replace(b"422011", b"000000")
    response = client.post(url, {"import_file": SimpleUploadedFile("a.csv", bad)})
    assert "confirm_form" not in response.context
    [error] = response.context["result"].errors
    assert (error.row, error.header) == (2, "japanese_codes")
    assert "No Japanese local government has the code 000000." in response.content.decode()


def test_admin_import_is_for_staff_who_may_change_affiliations(client, cast):
    url = "/admin/sistercities/affiliation/import/"
    client.force_login(cast.office_a)
    assert client.get(url).status_code == 302  # to the admin log-in: not staff
    client.force_login(cast.hq)  # HQ holds every sister-city permission
    assert client.get(url).status_code == 200


def test_admin_download_has_labels_codes_and_imports_back(client, cast, reference_data):
    from openpyxl import load_workbook

    import_affiliations([row(), *many(2)])
    client.force_login(cast.hq)
    selected = list(Affiliation.objects.values_list("pk", flat=True))
    with translation.override("ja"):  # the admin's request activates Japanese; this ends it
        response = client.post(
            "/admin/sistercities/affiliation/",
            {"action": "export_xlsx", "_selected_action": selected, "index": 0},
            HTTP_ACCEPT_LANGUAGE="ja",
        )
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    kind, code = header.index("提携の種別"), header.index("提携の種別（コード）")
    assert {(r[kind].value, r[code].value) for r in sheet.iter_rows(min_row=2)} == {
        ("姉妹都市", "sister")
    }
    result = AffiliationImport().run(io.BytesIO(data), name="sister-cities.xlsx")
    assert (result.added, result.changed, result.unchanged) == (0, 0, 3)


def test_a_japanese_excel_csv_with_japanese_headers_and_labels_imports(reference_data):
    with translation.override("ja"):
        header = [str(c.label) for c in AffiliationImport.schema.imported]
    labels = dict(zip([c.key for c in AffiliationImport.schema.imported], header, strict=True))
    line = {
        labels["japanese_codes"]: "422011",
        labels["partner_name_en"]: "Saint Paul",
        labels["partner_country"]: "アメリカ合衆国",
        labels["kind"]: "姉妹都市",
        labels["established_year"]: "1955",
        labels["status"]: "",
        labels["fields"]: "教育；文化",
        labels["notes_ja"]: "最初の提携。",
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(line))
    writer.writeheader()
    writer.writerow(line)
    result = AffiliationImport().run(io.BytesIO(buffer.getvalue().encode("cp932")), name="提携.csv")
    assert result.ok, (result.refused, [str(e) for e in result.errors])
    assert result.format == "CSV, Shift_JIS (CP932)"
    affiliation = Affiliation.objects.get()
    assert (affiliation.kind, affiliation.partner.country.code) == ("sister", "US")
    assert affiliation.fields == ["education", "culture"]
    assert affiliation.notes_ja == "最初の提携。"
