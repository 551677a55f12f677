"""Bulk import and export of specialists: all or nothing, naming the bad row and field."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.models import Specialist, SpecialistLanguage
from cooperation.resources import SpecialistResource, import_specialists
from cooperation.tests import factories

pytestmark = pytest.mark.django_db

HEADERS = [
    "email", "full_name", "status", "home_government", "position", "years_of_experience",
    "fields", "languages", "consent_to_contact", "is_active",
]  # fmt: skip


def dataset(*rows):
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append(row)
    return data


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
    assert not result.has_errors() and not result.has_validation_errors()
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
    assert again.totals["skip"] == 2 and again.totals["update"] == 0
    assert histories() == before
    changed = import_specialists(dataset(row(1), row(2, languages="en:fluent")))
    assert changed.totals["update"] == 1 and changed.totals["skip"] == 1
    person = Specialist.objects.get(email="imported2@example.org")
    assert [(x.language, x.level) for x in person.languages.all()] == [("en", 3)]


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(reference_data):
    result = import_specialists(
        dataset(row(1), row(2, home_government="999999"), row(3, languages="xx:fluent"))
    )
    assert result.has_validation_errors()
    assert Specialist.objects.count() == 0
    bad = {invalid.number: invalid.error_dict for invalid in result.invalid_rows}
    assert set(bad) == {2, 3}
    assert "home_government" in bad[2] and "999999" in str(bad[2]["home_government"])
    assert "languages" in bad[3] and "xx" in str(bad[3]["languages"])


def test_unknown_field_codes_are_named(reference_data):
    result = import_specialists(dataset(row(1, fields="water-supply;basket-weaving")))
    assert result.has_validation_errors()
    assert "basket-weaving" in str(result.invalid_rows[0].error_dict["fields"])
    assert not Specialist.objects.exists()


def test_an_import_updates_by_email_and_deactivates_instead_of_deleting(reference_data):
    existing = factories.specialist("imported1@example.org", languages=(("de", 4),))
    result = import_specialists(dataset(row(1, is_active=0, languages="en:native")))
    assert not result.has_validation_errors()
    existing.refresh_from_db()
    assert existing.is_active is False and existing.full_name == "Imported 1"
    assert [(x.language, x.level) for x in existing.languages.all()] == [("en", 4)]
    assert Specialist.objects.count() == 1


def test_export_round_trips_through_import(reference_data):
    factories.specialist("round@example.org", fields=("tourism", "agriculture"),
                         languages=(("es", 2),))  # fmt: skip
    exported = SpecialistResource().export()
    assert exported.headers == HEADERS
    exported_row = dict(zip(exported.headers, exported[0], strict=True))
    assert exported_row["languages"] == "es:working"
    Specialist.objects.all().update(full_name="Changed")
    result = import_specialists(exported)
    assert not result.has_validation_errors()
    person = Specialist.objects.get()
    assert person.full_name == "Round"
    assert sorted(f.code for f in person.fields.all()) == ["agriculture", "tourism"]


def test_the_admin_import_previews_and_refuses_a_bad_file(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    csv = dataset(row(1), row(2, years_of_experience="many")).export("csv").encode()
    client.force_login(cast.hq)
    response = client.post(
        reverse("admin:cooperation_specialist_import"),
        {
            "import_file": SimpleUploadedFile("specialists.csv", csv),
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
    (invalid,) = result.invalid_rows
    assert invalid.number == 3
    assert "already in row 1" in str(invalid.error_dict["email"])


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
    assert not import_specialists(first).has_validation_errors()
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
    assert not result.has_validation_errors() and not result.has_errors()
    assert (result.totals["update"], result.totals["new"]) == (n, n)
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
    import io

    from django.urls import reverse

    client.force_login(cast.hq)
    upload = io.BytesIO(dataset(row(1), row(2)).export("csv").encode())
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
