"""Import of affiliations: per-row errors, all or nothing, idempotent, no query per row."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reference.models import ForeignLocalGovernment
from sistercities.models import Affiliation
from sistercities.services import (
    COLUMNS,
    AffiliationError,
    export_rows,
    import_affiliations,
    read_table,
)

pytestmark = pytest.mark.django_db


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
    assert (result.created, result.updated, result.partners_created) == (2, 0, 2)
    joint = Affiliation.objects.get(partner__name_en="Portland")
    assert sorted(joint.japanese.values_list("code", flat=True)) == ["423076", "423084"]
    first = Affiliation.objects.get(partner__name_en="Saint Paul")
    assert first.fields == ["education", "culture"] and first.signed_by_both_heads
    assert first.notes_ja == "最初の提携。"
    assert first.history.count() == 1  # HQ can see who imported it
    assert ForeignLocalGovernment.objects.get(name_en="Portland").search_key.startswith("portland")


def test_the_same_file_twice_changes_nothing(reference_data):
    import_affiliations([row(), *many(5)])
    again = import_affiliations([row(), *many(5)])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert Affiliation.objects.count() == 6


def test_a_changed_cell_updates_only_that_affiliation(reference_data):
    import_affiliations([row(), *many(3)])
    result = import_affiliations([row(status="dormant"), *many(3)])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert Affiliation.objects.get(partner__name_en="Saint Paul").status == "dormant"


def test_one_bad_row_imports_nothing_and_names_every_row_and_field(reference_data):
    rows = [
        row(),
        row(partner_name_en="A", japanese_codes="999999", partner_country="XX"),
        row(partner_name_en="B", established_year="soon", fields="gardening"),
        row(partner_name_en="C", status="ended"),
        row(partner_name_en="D", partner_country=""),
    ]
    with pytest.raises(AffiliationError) as caught:
        import_affiliations(rows)
    found = [(e.row, e.field) for e in caught.value.errors]
    assert found == [
        (3, "japanese_codes"),
        (3, "partner_country"),
        (4, "established_year"),
        (4, "fields"),
        (5, "ended_on"),
        (6, "partner_country"),
    ]
    assert "999999" in str(caught.value.errors[0])
    assert Affiliation.objects.count() == 0
    assert ForeignLocalGovernment.objects.count() == 0


def test_duplicate_rows_in_one_file_are_refused(reference_data):
    with pytest.raises(AffiliationError) as caught:
        import_affiliations([row(), row(notes_en="again")])
    assert [(e.row, e.field) for e in caught.value.errors] == [(3, "japanese_codes")]


def test_a_preview_checks_everything_and_keeps_nothing(reference_data):
    result = import_affiliations([row(), *many(3)], dry_run=True)
    assert result.created == 4 and result.dry_run
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
    buffer = io.StringIO()
    csv.writer(buffer).writerows(export_rows(Affiliation.objects.order_by("id")))
    upload = SimpleUploadedFile("sister-cities.csv", buffer.getvalue().encode("utf-8-sig"))
    rows = read_table(upload)
    assert list(rows[0]) == COLUMNS
    result = import_affiliations(rows)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)


def test_a_file_without_the_required_columns_is_refused(reference_data):
    upload = SimpleUploadedFile("x.csv", b"name,year\nNagasaki,1955\n")
    with pytest.raises(AffiliationError) as caught:
        read_table(upload)
    assert "japanese_codes" in caught.value.message


def test_admin_import_previews_then_imports(client, cast):
    client.force_login(cast.superuser)
    content = io.StringIO()
    writer = csv.DictWriter(content, fieldnames=list(row()))
    writer.writeheader()
    writer.writerow(row())
    data = content.getvalue().encode()
    url = "/admin/sistercities/affiliation/import/"
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", data), "preview": "1"})
    assert response.status_code == 200 and "1 created" in response.content.decode()
    assert Affiliation.objects.count() == 0
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", data), "import": "1"})
    assert response.status_code == 302
    assert Affiliation.objects.count() == 1
    bad = data.replace(b"422011", b"000000")
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", bad), "import": "1"})
    assert response.status_code == 400
    assert "Row 2, japanese_codes" in response.content.decode()


def test_admin_import_is_for_staff_who_may_change_affiliations(client, cast):
    url = "/admin/sistercities/affiliation/import/"
    client.force_login(cast.office_a)
    assert client.get(url).status_code == 302  # to the admin log-in: not staff
    client.force_login(cast.hq)  # HQ holds every sister-city permission
    assert client.get(url).status_code == 200
