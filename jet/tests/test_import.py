"""Bulk import of participants and placements: preview, all-or-nothing, idempotent, no query per row."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from clair_portal.tabular.writing import xlsx_bytes
from jet.models import Participant, Placement
from jet.resources import ParticipantImport, PlacementImport
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


class Table(list):
    """A header and rows, as a file holds them; ``csv()`` and ``xlsx()`` give its bytes."""

    def __init__(self, headers, rows=()):
        super().__init__(list(r) for r in rows)
        self.headers = list(headers)

    def csv(self) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([self.headers, *self])
        return buffer.getvalue().encode()

    def xlsx(self) -> bytes:
        book = Workbook()
        for row in [self.headers, *self]:
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def without(self, header) -> "Table":
        i = self.headers.index(header)
        return Table(self.headers[:i] + self.headers[i + 1 :], (r[:i] + r[i + 1 :] for r in self))


def import_file(importer_class, source, *, user=None, dry_run=False):
    """Import a Table (as CSV), or a path, as the admin's confirm step does."""
    if isinstance(source, Table):
        source = io.BytesIO(source.csv())
    return importer_class(user=user).run(source, name="placements.csv", dry_run=dry_run)


def participants_dataset(n, start=0):
    return Table(
        PARTICIPANT_HEADERS,
        [
            [f"I-{i:06d}", f"Family{i}", "Sam", "GB", "ALT", f"i{i}@example.org", "", "English", 2026, "appointed"]
            for i in range(start, start + n)
        ],
    )  # fmt: skip


def placements_dataset(n, start=0, org="422011"):
    return Table(
        PLACEMENT_HEADERS,
        [
            [
                f"I-{i:06d}", 2026, org, "ALT", "2026-08-01", "2027-07-31",
                "Nagasaki Kita Junior High School | 3-4 Nagasaki; Board of Education | 1-1 Sakura-machi",
                "Tanaka Hanako", "tanaka@example.jp", "095-822-8888", "Welcome!",
            ]
            for i in range(start, start + n)
        ],
    )  # fmt: skip


def errors(result):
    return [(e.row, e.column, str(e.message)) for e in result.errors]


@pytest.fixture
def org(reference_data):
    return factories.organisation("422011")


def test_participants_and_placements_import_with_natural_keys_and_history(org):
    result = import_file(ParticipantImport, participants_dataset(3))
    assert result.ok, (result.refused, errors(result))
    assert Participant.objects.count() == 3
    result = import_file(PlacementImport, placements_dataset(3))
    assert result.ok, errors(result)
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
    import_file(ParticipantImport, participants_dataset(5))
    import_file(PlacementImport, placements_dataset(5))
    history = Placement.history.count(), Participant.history.count()
    again = import_file(PlacementImport, placements_dataset(5))
    assert (again.unchanged, again.changed, again.added) == (5, 0, 0)
    again = import_file(ParticipantImport, participants_dataset(5))
    assert again.unchanged == 5
    assert (Placement.history.count(), Participant.history.count()) == history


def test_one_bad_row_imports_nothing_and_names_row_and_field(org):
    import_file(ParticipantImport, participants_dataset(4))
    data = placements_dataset(4)
    row = list(data[2])
    row[2] = "999999"  # no such contracting organisation
    row[5] = "2026-07-01"  # ends before it starts
    data[2] = row
    result = import_file(PlacementImport, data)
    assert Placement.objects.count() == 0
    assert result.has_validation_errors()
    # Row 4 as a spreadsheet numbers it: the header is row 1.
    assert errors(result) == [
        (4, "organisation", "No contracting organisation has the code “999999”.")
    ]


def test_unknown_participant_country_and_role_are_named(org):
    data = participants_dataset(2)
    data[1] = ["I-9", "X", "Y", "ZZ", "JTE", "", "", "", "1980", ""]
    result = import_file(ParticipantImport, data)
    assert Participant.objects.count() == 0
    assert [(row, column) for row, column, _message in errors(result)] == [
        (3, "nationality"),
        (3, "role"),
        (3, "first_arrival_year"),
    ]
    assert "“JTE” is not one of: Assistant Language Teacher (ALT)" in errors(result)[1][2]


def test_the_same_placement_twice_in_one_file_is_refused(org):
    import_file(ParticipantImport, participants_dataset(1))
    data = placements_dataset(1)
    data.append(list(data[0]))
    result = import_file(PlacementImport, data)
    assert Placement.objects.count() == 0
    assert errors(result) == [(3, "jet_year", "The same record is already in row 2.")]


def count_import_queries(n, start):
    import_file(ParticipantImport, participants_dataset(n, start))
    with CaptureQueriesContext(connection) as queries:
        result = import_file(PlacementImport, placements_dataset(n, start))
    assert result.ok
    return len(queries)


def test_import_queries_do_not_grow_with_rows(org):
    # Savepoints, one lookup of participants, one of organisations, one of existing
    # placements, then one INSERT per 2,000 rows for placements and their history.
    small = count_import_queries(10, 0)
    large = count_import_queries(300, 1000)
    assert large == small


def test_admin_import_previews_then_confirms_and_an_xlsx_works(client, cast, org):
    import_file(ParticipantImport, participants_dataset(2))
    client.force_login(cast.hq)
    xlsx = placements_dataset(2).xlsx()
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
    upload = io.BytesIO(placements_dataset(1).csv())
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
    import_file(ParticipantImport, participants_dataset(2))
    import_file(PlacementImport, placements_dataset(2))
    header, *rows = PlacementImport.export_rows(Placement.objects.all())
    # Headers and roles as people read them; the codes of natural keys stay codes.
    assert header[:4] == ["JET number", "JET year", "contracting organisation", "role"]
    assert rows[0][0] in {"I-000000", "I-000001"} and rows[0][2] == "422011"
    assert rows[0][3] == "Assistant Language Teacher (ALT)"
    exported = io.BytesIO(xlsx_bytes([header, *rows]))
    assert PlacementImport().run(exported, name="placements.xlsx").unchanged == 2


def test_a_csv_or_xlsx_file_is_read_as_a_stream_with_the_same_result(org, tmp_path):
    import_file(ParticipantImport, participants_dataset(4))
    csv_path = tmp_path / "placements.csv"
    # Spreadsheet programs start a CSV with a byte-order mark; blank lines are ignored.
    csv_path.write_bytes(b"\xef\xbb\xbf" + placements_dataset(2).csv() + b"\r\n")
    result = import_file(PlacementImport, csv_path)
    assert (result.added, result.ok) == (2, True)
    xlsx_path = tmp_path / "placements.xlsx"
    xlsx_path.write_bytes(placements_dataset(2, start=2).xlsx())
    result = import_file(PlacementImport, xlsx_path)
    assert result.added == 2
    assert import_file(PlacementImport, csv_path).unchanged == 2
    assert Placement.objects.filter(participant__jet_number="I-000003").get().workplaces[1] == {
        "name": "Board of Education",
        "address": "1-1 Sakura-machi",
    }


def test_a_file_without_a_column_is_refused_by_name(org):
    data = placements_dataset(1).without("notes")
    result = import_file(PlacementImport, data)
    assert result.has_errors() and Placement.objects.count() == 0
    assert "lacks the columns: notes for the participant (notes)." in str(result.refused)


def test_errors_are_named_in_every_row_not_only_the_first(org):
    import_file(ParticipantImport, participants_dataset(3))
    data = placements_dataset(3)
    for i in (0, 2):
        row = list(data[i])
        row[4] = "1 August"
        data[i] = row
    result = import_file(PlacementImport, data)
    assert [(row, column) for row, column, _message in errors(result)] == [
        (2, "contract_start"),
        (4, "contract_start"),
    ]
    assert Placement.objects.count() == 0


def test_an_imported_change_to_a_published_placement_is_told_once(
    org, cast, django_capture_on_commit_callbacks
):
    from clair_portal.notifications.models import Notification
    from jet import services

    participant = factories.participant(jet_number="I-000000", user=cast.participant)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(PlacementImport, placements_dataset(1))
        services.publish_placements(Placement.objects.values_list("pk", flat=True))
    data = placements_dataset(1)
    row = list(data[0])
    row[10] = "The first day starts at 8:00."
    data[0] = row
    with django_capture_on_commit_callbacks(execute=True):
        result = import_file(PlacementImport, data, user=cast.hq)
        again = import_file(PlacementImport, data, user=cast.hq)
    assert (result.changed, again.unchanged) == (1, 1)
    placement = Placement.objects.get(participant=participant)
    assert (placement.notes, placement.version) == ("The first day starts at 8:00.", 2)
    assert placement.history.first().history_user == cast.hq
    keys = sorted(Notification.objects.values_list("event_key", flat=True))
    assert keys == [f"jet-placement-{placement.pk}-v1", f"jet-placement-{placement.pk}-v2"]


def test_the_confirm_step_refuses_what_became_invalid_after_the_preview(client, cast, org):
    import_file(ParticipantImport, participants_dataset(2))
    client.force_login(cast.hq)
    upload = io.BytesIO(placements_dataset(2).csv())
    upload.name = "placements.csv"
    response = client.post(
        reverse("admin:jet_placement_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirm = response.context["confirm_form"].initial
    assert response.context["result"].added == 2
    Participant.objects.filter(jet_number="I-000001").update(jet_number="I-999999")
    response = client.post(reverse("admin:jet_placement_process_import"), confirm)
    assert response.status_code == 200
    assert "No participant has the JET number “I-000001”." in response.content.decode()
    assert Placement.objects.count() == 0


def test_the_preview_counts_every_row_and_lists_the_first_changes(client, cast, org, monkeypatch):
    from clair_portal.tabular import importing

    monkeypatch.setattr(importing, "PREVIEW_ROWS", 2)
    import_file(ParticipantImport, participants_dataset(4))
    import_file(PlacementImport, placements_dataset(1))
    client.force_login(cast.hq)
    upload = io.BytesIO(placements_dataset(4).csv())
    upload.name = "placements.csv"
    response = client.post(
        reverse("admin:jet_placement_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    page = response.content.decode()
    assert "This file adds 3 records, changes 0 and leaves 1 as they are." in page
    assert "The first 2 records it adds or changes are listed below." in page
    assert page.count("I-00000") == 2  # the listed rows show the file's values


def test_the_confirm_step_names_no_file_only_a_key_of_the_users_own_session(
    client, cast, org, tmp_path
):
    """The library's confirm step read and then deleted whatever temporary file the form
    named; here a posted file name means nothing, and a key works in its own session only."""
    import tempfile
    from pathlib import Path

    from conftest import make_user

    victim = Path(tempfile.gettempdir()) / "not-an-upload.txt"
    victim.write_text("keep me")
    import_file(ParticipantImport, participants_dataset(2))
    client.force_login(cast.hq)
    url = reverse("admin:jet_placement_process_import")
    response = client.post(
        url, {"import_file_name": victim.name, "original_file_name": "x.csv", "format": "0"}
    )
    assert response.status_code == 200
    assert "no longer waiting to be confirmed" in response.content.decode()
    assert victim.read_text() == "keep me"

    upload = io.BytesIO(placements_dataset(2).csv())
    upload.name = "placements.csv"
    response = client.post(reverse("admin:jet_placement_import"), {"import_file": upload})
    confirm = response.context["confirm_form"].initial
    other = make_user("hq2@example.org", is_staff=True, is_superuser=True)
    client.force_login(other)
    assert "no longer waiting" in client.post(url, confirm).content.decode()
    assert Placement.objects.count() == 0
    client.force_login(cast.hq)  # a new session: the key was the old session's
    assert "no longer waiting" in client.post(url, confirm).content.decode()
    assert Placement.objects.count() == 0
    victim.unlink()


def test_a_confirmed_key_is_used_once_and_its_file_deleted(client, cast, org, settings):
    import_file(ParticipantImport, participants_dataset(2))
    client.force_login(cast.hq)
    upload = io.BytesIO(placements_dataset(2).csv())
    upload.name = "placements.csv"
    response = client.post(reverse("admin:jet_placement_import"), {"import_file": upload})
    confirm = response.context["confirm_form"].initial
    kept = list((settings.MEDIA_ROOT / "tabular" / "imports").rglob("*"))
    assert [p for p in kept if p.is_file()]
    url = reverse("admin:jet_placement_process_import")
    assert client.post(url, confirm).status_code == 302
    assert not [p for p in kept if p.is_file() and p.exists()]
    assert "no longer waiting" in client.post(url, confirm).content.decode()
    assert Placement.objects.count() == 2


def test_a_japanese_excel_csv_imports_and_the_preview_names_its_encoding(client, cast, org):
    import_file(ParticipantImport, participants_dataset(1))
    client.force_login(cast.hq)
    header = "JET番号,JET年度,任用団体,職種,任用開始日,任用終了日,勤務先,担当者,担当者のメールアドレス,担当者の電話番号,参加者への連絡事項\r\n"
    line = "I-000000,2026,422011,ALT,2026/8/1,2027/7/31,長崎市立北中学校 | 長崎市1-1,田中 花子,tanaka@example.jp,095-822-8888,ようこそ\r\n"
    upload = io.BytesIO((header + line).encode("cp932"))
    upload.name = "haichi.csv"
    response = client.post(
        reverse("admin:jet_placement_import"), {"import_file": upload}, HTTP_ACCEPT_LANGUAGE="ja"
    )
    result = response.context["result"]
    assert result.ok, (result.refused, errors(result))
    assert result.format == "CSV, Shift_JIS (CP932)"
    assert "Shift_JIS (CP932)" in response.content.decode()
    response = client.post(
        reverse("admin:jet_placement_process_import"), response.context["confirm_form"].initial
    )
    placement = Placement.objects.get()
    assert placement.workplaces == [{"name": "長崎市立北中学校", "address": "長崎市1-1"}]
    assert str(placement.contract_start) == "2026-08-01"


def test_admin_export_is_in_the_requesters_language_and_imports_back(client, cast, org):
    from openpyxl import load_workbook

    import_file(ParticipantImport, participants_dataset(1))
    import_file(PlacementImport, placements_dataset(1))
    client.force_login(cast.hq)
    with translation.override("ja"):
        response = client.post(
            reverse("admin:jet_placement_export"), {"format": "1", "resource": "0"},
            HTTP_ACCEPT_LANGUAGE="ja",
        )  # fmt: skip
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["JET番号", "JET年度", "任用団体", "職種"]
    assert sheet["D2"].value == "外国語指導助手（ALT）"
    assert sheet["E2"].is_date and sheet.freeze_panes == "A2"
    assert PlacementImport().run(io.BytesIO(data), name="x.xlsx").unchanged == 1


def test_the_admin_offers_each_imports_template(client, cast, org):
    from openpyxl import load_workbook

    client.force_login(cast.hq)
    page = client.get(reverse("admin:jet_placement_import")).content.decode()
    url = reverse("admin:jet_placement_import_template", args=[0, "xlsx"])
    assert url in page
    response = client.get(url)
    assert response["Content-Disposition"].endswith('filename="jet-placements-template.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [c.value for c in sheet[2]][:3] == ["2026-ALT-00123", 2026, "422011"]
    csv_response = client.get(reverse("admin:jet_placement_import_template", args=[0, "csv"]))
    assert csv_response.status_code == 200
    client.force_login(cast.office_a)
    assert client.get(url).status_code == 302  # not staff: to the admin's log-in


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("placements.csv", "JET番号\r\nI-1\r\n".encode("utf-16"), "is UTF-16 text"),
        ("placements.csv", b"jet_number\nI-1\x00\n", "has a NUL character on line 2"),
        ("placements.xlsx", b"PK\x03\x04 not really a workbook", "is not an Excel workbook"),
        ("placements.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Excel"),
    ],
)
def test_an_unreadable_file_is_a_form_error_in_the_admin_never_a_500(
    client, cast, org, name, data, message
):
    client.force_login(cast.hq)
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post(reverse("admin:jet_placement_import"), {"import_file": upload})
    assert response.status_code == 200
    assert message in response.context["form"].errors["import_file"][0]
    assert "confirm_form" not in response.context


def test_the_admin_refuses_a_file_over_the_limits_with_a_message(client, cast, org, settings):
    import_file(ParticipantImport, participants_dataset(5))
    client.force_login(cast.hq)
    settings.IMPORT_MAX_ROWS = 4
    upload = io.BytesIO(placements_dataset(5).csv())
    upload.name = "placements.csv"
    response = client.post(reverse("admin:jet_placement_import"), {"import_file": upload})
    [error] = response.context["form"].errors["import_file"]
    assert error.startswith("“placements.csv” has more than 4 rows; an import may have at most 4.")
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BYTES = 100, 500
    upload = io.BytesIO(placements_dataset(5).csv())
    upload.name = "placements.csv"
    response = client.post(reverse("admin:jet_placement_import"), {"import_file": upload})
    [error] = response.context["form"].errors["import_file"]
    assert "an import may be at most 500\xa0bytes" in error
    assert Placement.objects.count() == 0


def test_the_admin_preview_reads_a_constant_number_of_queries(client, cast, org):
    def preview_queries(n, start):
        import_file(ParticipantImport, participants_dataset(n, start))
        upload = io.BytesIO(placements_dataset(n, start).csv())
        upload.name = "placements.csv"
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("admin:jet_placement_import"), {"import_file": upload})
        assert response.context["result"].added == n
        return len(queries)

    client.force_login(cast.hq)
    # The session and user, the import's savepoint, participants, organisations and
    # existing placements for the chunk, the savepoint's release, the session saved.
    assert preview_queries(10, 0) == preview_queries(400, 1000)
