"""Bulk import of participants and placements: preview, all-or-nothing, idempotent, no query per row."""

import io

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jet.models import Participant, Placement
from jet.resources import ParticipantResource, PlacementResource, import_file
from jet.tests import factories

pytestmark = pytest.mark.django_db

PARTICIPANT_HEADERS = [
    "jet_number", "family_name", "given_name", "nationality", "role", "email",
    "phone", "languages", "first_arrival_year", "status",
]  # fmt: skip
PLACEMENT_HEADERS = [
    "jet_number", "jet_year", "organisation", "role", "contract_start", "contract_end",
    "workplaces", "supervisor_name", "supervisor_email", "supervisor_phone", "notes",
]  # fmt: skip


def participants_dataset(n, start=0):
    data = tablib.Dataset(headers=PARTICIPANT_HEADERS)
    for i in range(start, start + n):
        data.append(
            [f"I-{i:06d}", f"Family{i}", "Sam", "GB", "ALT", f"i{i}@example.org", "", "English", 2026, "appointed"]
        )  # fmt: skip
    return data


def placements_dataset(n, start=0, org="422011"):
    data = tablib.Dataset(headers=PLACEMENT_HEADERS)
    for i in range(start, start + n):
        data.append(
            [
                f"I-{i:06d}", 2026, org, "ALT", "2026-08-01", "2027-07-31",
                "Nagasaki Kita Junior High School | 3-4 Nagasaki; Board of Education | 1-1 Sakura-machi",
                "Tanaka Hanako", "tanaka@example.jp", "095-822-8888", "Welcome!",
            ]
        )  # fmt: skip
    return data


@pytest.fixture
def org(reference_data):
    return factories.organisation("422011")


def test_participants_and_placements_import_with_natural_keys_and_history(org):
    result = import_file(ParticipantResource, participants_dataset(3))
    assert not result.has_errors() and not result.has_validation_errors()
    assert Participant.objects.count() == 3
    result = import_file(PlacementResource, placements_dataset(3))
    assert not result.has_validation_errors(), result.invalid_rows
    placement = Placement.objects.get(participant__jet_number="I-000001")
    assert placement.organisation == org
    assert placement.state == Placement.State.DRAFT
    assert placement.workplaces == [
        {"name": "Nagasaki Kita Junior High School", "address": "3-4 Nagasaki"},
        {"name": "Board of Education", "address": "1-1 Sakura-machi"},
    ]
    assert placement.history.count() == 1
    assert Participant.objects.get(jet_number="I-000002").nationality.code == "GB"


def test_importing_the_same_file_again_changes_nothing(org):
    import_file(ParticipantResource, participants_dataset(5))
    import_file(PlacementResource, placements_dataset(5))
    history = Placement.history.count(), Participant.history.count()
    again = import_file(PlacementResource, placements_dataset(5))
    assert again.totals["skip"] == 5 and again.totals["update"] == 0 and again.totals["new"] == 0
    again = import_file(ParticipantResource, participants_dataset(5))
    assert again.totals["skip"] == 5
    assert (Placement.history.count(), Participant.history.count()) == history


def test_one_bad_row_imports_nothing_and_names_row_and_field(org):
    import_file(ParticipantResource, participants_dataset(4))
    data = placements_dataset(4)
    row = list(data[2])
    row[2] = "999999"  # no such contracting organisation
    row[5] = "2026-07-01"  # ends before it starts
    data[2] = row
    result = import_file(PlacementResource, data)
    assert Placement.objects.count() == 0
    assert result.has_validation_errors()
    (invalid,) = result.invalid_rows
    assert invalid.number == 3
    assert invalid.field_specific_errors == {
        "organisation_id": ["No contracting organisation has the code “999999”."]
    }


def test_unknown_participant_country_and_role_are_named(org):
    data = participants_dataset(2)
    data[1] = ["I-9", "X", "Y", "ZZ", "JTE", "", "", "", "1980", ""]
    result = import_file(ParticipantResource, data)
    assert Participant.objects.count() == 0
    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert set(invalid.field_specific_errors) == {"nationality", "role", "first_arrival_year"}


def test_the_same_placement_twice_in_one_file_is_refused(org):
    import_file(ParticipantResource, participants_dataset(1))
    data = placements_dataset(1)
    data.append(list(data[0]))
    result = import_file(PlacementResource, data)
    assert Placement.objects.count() == 0
    (invalid,) = result.invalid_rows
    assert invalid.number == 2
    assert invalid.field_specific_errors == {"jet_year": ["The same record is already in row 1."]}


def count_import_queries(n, start):
    import_file(ParticipantResource, participants_dataset(n, start))
    with CaptureQueriesContext(connection) as queries:
        result = import_file(PlacementResource, placements_dataset(n, start))
    assert not result.has_validation_errors()
    return len(queries)


def test_import_queries_do_not_grow_with_rows(org):
    # Savepoints, one lookup of participants, one of organisations, one of existing
    # placements, then one INSERT per 2,000 rows for placements and their history.
    small = count_import_queries(10, 0)
    large = count_import_queries(300, 1000)
    assert large == small


def test_admin_import_previews_then_confirms_and_an_xlsx_works(client, cast, org):
    import_file(ParticipantResource, participants_dataset(2))
    client.force_login(cast.hq)
    xlsx = placements_dataset(2).export("xlsx")
    upload = io.BytesIO(xlsx)
    upload.name = "placements.xlsx"
    response = client.post(
        reverse("admin:jet_placement_import"),
        {"import_file": upload, "format": "1", "resource": "0"},
    )
    assert response.status_code == 200
    assert "confirm_form" in response.context, response.context.get("errors")
    assert Placement.objects.count() == 0  # the preview wrote nothing
    confirm = response.context["confirm_form"].initial
    response = client.post(reverse("admin:jet_placement_process_import"), confirm)
    assert response.status_code == 302
    assert Placement.objects.count() == 2
    assert Placement.history.filter(history_user=cast.hq).count() == 2


def test_admin_import_with_an_error_shows_it_and_offers_no_confirm(client, cast, org):
    client.force_login(cast.hq)
    upload = io.BytesIO(placements_dataset(1).export("csv").encode())
    upload.name = "placements.csv"
    response = client.post(
        reverse("admin:jet_placement_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert "No participant has the JET number “I-000000”." in response.content.decode()
    assert Placement.objects.count() == 0


def test_export_round_trips_natural_keys(org):
    import_file(ParticipantResource, participants_dataset(2))
    import_file(PlacementResource, placements_dataset(2))
    exported = PlacementResource().export()
    assert exported.headers == PLACEMENT_HEADERS
    assert exported[0][0] in {"I-000000", "I-000001"} and exported[0][2] == "422011"
    assert import_file(PlacementResource, exported).totals["skip"] == 2


def test_a_csv_or_xlsx_file_is_read_as_a_stream_with_the_same_result(org, tmp_path):
    import_file(ParticipantResource, participants_dataset(4))
    csv_path = tmp_path / "placements.csv"
    # Spreadsheet programs start a CSV with a byte-order mark; blank lines are ignored.
    csv_path.write_bytes(("\ufeff" + placements_dataset(2).export("csv") + "\r\n").encode())
    result = import_file(PlacementResource, csv_path)
    assert (result.totals["new"], result.has_validation_errors()) == (2, False)
    xlsx_path = tmp_path / "placements.xlsx"
    xlsx_path.write_bytes(placements_dataset(2, start=2).export("xlsx"))
    result = import_file(PlacementResource, xlsx_path)
    assert result.totals["new"] == 2
    assert import_file(PlacementResource, csv_path).totals["skip"] == 2
    assert Placement.objects.filter(participant__jet_number="I-000003").get().workplaces[1] == {
        "name": "Board of Education",
        "address": "1-1 Sakura-machi",
    }


def test_a_file_without_a_column_is_refused_by_name(org):
    data = placements_dataset(1)
    del data["notes"]
    result = import_file(PlacementResource, data)
    assert result.has_errors() and Placement.objects.count() == 0
    assert "The file has no column notes." in str(result.base_errors[0].error)


def test_errors_are_named_in_every_row_not_only_the_first(org):
    import_file(ParticipantResource, participants_dataset(3))
    data = placements_dataset(3)
    for i in (0, 2):
        row = list(data[i])
        row[4] = "1 August"
        data[i] = row
    result = import_file(PlacementResource, data)
    assert [(r.number, list(r.field_specific_errors)) for r in result.invalid_rows] == [
        (1, ["contract_start"]),
        (3, ["contract_start"]),
    ]
    assert Placement.objects.count() == 0


def test_an_imported_change_to_a_published_placement_is_told_once(
    org, cast, django_capture_on_commit_callbacks
):
    from clair_portal.notifications.models import Notification
    from jet import services

    participant = factories.participant(jet_number="I-000000", user=cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(PlacementResource, placements_dataset(1))
        services.publish_placements(Placement.objects.values_list("pk", flat=True))
    data = placements_dataset(1)
    row = list(data[0])
    row[10] = "The first day starts at 8:00."
    data[0] = row
    with django_capture_on_commit_callbacks(execute=True):
        result = import_file(PlacementResource, data, user=cast.hq)
        again = import_file(PlacementResource, data, user=cast.hq)
    assert (result.totals["update"], again.totals["skip"]) == (1, 1)
    placement = Placement.objects.get(participant=participant)
    assert (placement.notes, placement.version) == ("The first day starts at 8:00.", 2)
    assert placement.history.first().history_user == cast.hq
    keys = sorted(Notification.objects.values_list("event_key", flat=True))
    assert keys == [f"jet-placement-{placement.pk}-v1", f"jet-placement-{placement.pk}-v2"]


def test_the_confirm_step_refuses_what_became_invalid_after_the_preview(client, cast, org):
    import_file(ParticipantResource, participants_dataset(2))
    client.force_login(cast.hq)
    upload = io.BytesIO(placements_dataset(2).export("csv").encode())
    upload.name = "placements.csv"
    response = client.post(
        reverse("admin:jet_placement_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirm = response.context["confirm_form"].initial
    preview = [row.import_type for row in response.context["result"].valid_rows()]
    assert preview == ["new", "new"]
    Participant.objects.filter(jet_number="I-000001").update(jet_number="I-999999")
    response = client.post(reverse("admin:jet_placement_process_import"), confirm)
    assert response.status_code == 200
    assert "No participant has the JET number “I-000001”." in response.content.decode()
    assert Placement.objects.count() == 0


def test_the_preview_counts_every_row_and_lists_the_first_changes(client, cast, org, monkeypatch):
    from jet import resources

    monkeypatch.setattr(resources, "PREVIEW_ROWS", 2)
    import_file(ParticipantResource, participants_dataset(4))
    import_file(PlacementResource, placements_dataset(1))
    client.force_login(cast.hq)
    upload = io.BytesIO(placements_dataset(4).export("csv").encode())
    upload.name = "placements.csv"
    response = client.post(
        reverse("admin:jet_placement_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    page = response.content.decode()
    assert "This file adds 3 records, changes 0 and leaves 1 as they are." in page
    assert "The first 2 records it adds or changes are listed below." in page
    assert page.count("I-00000") == 2  # the listed rows show the file's values
