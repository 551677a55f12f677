"""Survey contacts in bulk: per-row errors, all or nothing, idempotent, no query per
row, a download that imports back, the admin's list and the survey's late links."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook, load_workbook

from clair_portal.tabular.writing import download, xlsx_bytes
from reference.models import LocalGovernment
from sistercities.contacts import ContactImport
from sistercities.models import PartnershipContact, PartnershipSurvey, SurveyInvitation
from sistercities.tests import factories
from sistercities.tests.factories import PNG

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/sistercities/partnershipcontact/import/"
CONFIRM_URL = "/admin/sistercities/partnershipcontact/process_import/"
LIST_URL = "/admin/sistercities/partnershipcontact/"
COLUMNS = ["jis_code", "department", "email", "language"]


def row(code="422011", **values) -> dict:
    base = {
        "jis_code": code,
        "department": "国際課",
        "email": f"kokusai@{code}.example.jp",
        "language": "ja",
    }
    return {**base, **values}


def csv_file(rows: list[dict], name="contacts.csv", columns=None) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"))


def xlsx_file(table: list[list], name="contacts.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for line in table:
        book.active.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def codes(n: int) -> list[str]:
    return list(LocalGovernment.objects.order_by("code").values_list("code", flat=True)[:n])


def many(n: int) -> list[dict]:
    return [row(code) for code in codes(n)]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def import_contacts(rows, *, by=None, dry_run=False):
    """Import rows (dicts, or an uploaded file) as the admin's confirm step does."""
    upload = rows if isinstance(rows, SimpleUploadedFile) else csv_file(rows)
    return ContactImport(user=by).run(upload, name=upload.name, dry_run=dry_run)


def added(result) -> list[str]:
    return [c.record.split()[0] for c in result.added_rows]


def changed(result) -> list[tuple]:
    return [(c.row, c.record.split()[0], c.fields) for c in result.changed_rows]


def admin_import(client, upload, **headers):
    """Upload, preview, then confirm in the admin; the confirm step's response."""
    preview = client.post(IMPORT_URL, {"import_file": upload}, **headers)
    if "confirm_form" not in preview.context:
        return preview
    return client.post(CONFIRM_URL, preview.context["confirm_form"].initial, **headers)


# --- The import itself ---------------------------------------------------------------


def test_a_csv_file_adds_contacts_with_japanese_as_the_default_language(reference_data, cast):
    upload = csv_file([row(), row("172014", language="en"), row("011002", language="")])
    result = import_contacts(upload, by=cast.hq)
    assert added(result) == ["422011", "172014", "011002"]
    assert (result.changed, result.unchanged) == (0, 0)
    nagasaki = PartnershipContact.objects.get(local_government_id="422011")
    assert (nagasaki.department, nagasaki.email, nagasaki.language) == (
        "国際課",
        "kokusai@422011.example.jp",
        "ja",
    )
    assert PartnershipContact.objects.get(local_government_id="172014").language == "en"
    assert PartnershipContact.objects.get(local_government_id="011002").language == "ja"
    # HQ can see who imported each address.
    assert nagasaki.history.get().history_user == cast.hq


def test_an_excel_file_is_read_and_a_code_that_lost_its_leading_zero_is_restored(
    reference_data,
):
    # Excel turns 011002 typed into a cell into the number 11002.
    upload = xlsx_file(
        [
            COLUMNS,
            ["422011", "国際課", "a@nagasaki.example.jp", "en"],
            [11002, None, "b@sapporo.example.jp", None],
        ]  # fmt: skip
    )
    result = import_contacts(upload)
    assert added(result) == ["422011", "011002"]
    sapporo = PartnershipContact.objects.get(local_government_id="011002")
    assert (sapporo.department, sapporo.language) == ("", "ja")


def test_a_code_without_its_check_digit_is_refused_as_typed(reference_data):
    result = import_contacts([row("01100"), row("42201")])
    assert [str(e) for e in result.errors] == [
        "Row 2, jis_code: No Japanese local government has the code 01100.",
        "Row 3, jis_code: No Japanese local government has the code 42201.",
    ]


def test_the_same_file_twice_changes_nothing(reference_data):
    import_contacts(many(6))
    again = import_contacts(many(6))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 6)
    assert PartnershipContact.objects.count() == 6
    assert PartnershipContact.history.count() == 6  # no second history row either


def test_rows_are_matched_on_the_code_and_only_changed_contacts_are_updated(reference_data):
    factories.contact("131016", email="kept@chiyoda.example.jp")  # not in the file: kept
    import_contacts([row(), row("172014")])
    result = import_contacts([row(email="new@nagasaki.example.jp", language="en"), row("172014")])
    assert result.added == 0 and result.unchanged == 1
    assert changed(result) == [(2, "422011", ("email", "language"))]
    nagasaki = PartnershipContact.objects.get(local_government_id="422011")
    assert (nagasaki.email, nagasaki.language) == ("new@nagasaki.example.jp", "en")
    assert PartnershipContact.objects.count() == 3
    assert PartnershipContact.objects.get(local_government_id="131016").email == (
        "kept@chiyoda.example.jp"
    )


def test_a_demo_contact_imported_for_real_is_no_longer_demo(reference_data):
    contact = factories.contact("422011", email="kokusai@422011.example.jp")
    PartnershipContact.objects.filter(pk=contact.pk).update(is_demo=True, department="国際課")
    result = import_contacts([row()])
    assert [c.fields for c in result.changed_rows] == [("is_demo",)]
    assert [c.what for c in result.changed_rows] == ["demo record"]
    contact.refresh_from_db()
    assert contact.is_demo is False


def test_one_bad_row_imports_nothing_and_names_every_row_and_field(reference_data):
    factories.contact("260002", email="before@kyoto.example.jp")
    rows = [
        row("260002", email="after@kyoto.example.jp"),
        row("999999"),
        row("172014", email="not-an-address", language="fr"),
        row("011002", email=""),
        row("422011"),
        row("422011", department="二度目"),
        row("131016", department="課" * 201),
    ]
    result = import_contacts(rows)
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (3, "jis_code"),
        (4, "email"),
        (4, "language"),
        (5, "email"),
        (7, "jis_code"),
        (8, "department"),
    ]
    texts = [str(e) for e in result.errors]
    assert texts[0] == "Row 3, jis_code: No Japanese local government has the code 999999."
    assert "“not-an-address” is not an e-mail address." in texts[1]
    assert "“fr” is not one of: English (en), Japanese (ja)." in texts[2]
    assert texts[4] == "Row 7, jis_code: The same record is already in row 6."
    assert result.message() == "Nothing was imported: 6 problems in the file."
    assert PartnershipContact.objects.count() == 1
    assert PartnershipContact.objects.get().email == "before@kyoto.example.jp"


def test_the_errors_read_in_japanese_for_a_japanese_reader(reference_data):
    result = import_contacts([row("999999"), row(email="x@")])
    with translation.override("ja"):
        texts = [str(e) for e in result.errors]  # rendered in the reader's language
        message = result.message()
    assert texts == [
        "2行目、jis_code：団体コード 999999 の自治体はありません。",
        "3行目、email：「x@」はメールアドレスではありません。",
    ]
    assert message == "ファイルに2件の問題があるため、何も取り込んでいません。"


def test_a_contact_added_by_someone_else_during_the_import_refuses_it_cleanly(
    reference_data, monkeypatch
):
    # A colleague saves Kanazawa's contact after this import read the contacts.
    monkeypatch.setattr(ContactImport, "existing", lambda self, rows: {})
    factories.contact("172014", email="colleague@172014.example.jp")
    result = import_contacts([row(), row("172014")])
    assert "nothing was imported" in result.message()
    # The colleague's contact stays; none of the file's rows went in.
    assert list(PartnershipContact.objects.values_list("email", flat=True)) == [
        "colleague@172014.example.jp"
    ]


def test_a_preview_reports_everything_and_keeps_nothing(reference_data):
    import_contacts([row("172014")])
    result = import_contacts(
        [row(), row("172014", department="交流課"), row("011002", email="x@y.example.jp")],
        dry_run=True,
    )
    assert result.dry_run
    assert added(result) == ["422011", "011002"]
    assert [(code, fields) for _row, code, fields in changed(result)] == [
        ("172014", ("department",))
    ]
    assert PartnershipContact.objects.count() == 1
    assert PartnershipContact.objects.get().department == "国際課"


def test_queries_do_not_grow_with_the_rows(reference_data):
    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            import_contacts(rows)
        return len(captured)

    # 10 and 300 new contacts: the same reads and the same bulk writes.
    small = queries([row(code) for code in codes(10)])
    large = queries([row(code) for code in codes(320)[20:]])
    assert small == large
    # 300 changed contacts cost no more than 10 changed ones.
    changed_small = queries([row(code, department="交流課") for code in codes(10)])
    changed_large = queries([row(code, department="交流課") for code in codes(320)[20:]])
    assert changed_small == changed_large
    # Unchanged: the savepoint, the two reads, its release, and nothing to write.
    assert queries([row(code, department="交流課") for code in codes(320)[20:]]) == 4


def test_the_csv_download_imports_back_unchanged(reference_data):
    import_contacts([row(), row("172014", language="en", department=""), *many(4)])
    text = csv_download(PartnershipContact.objects.all())
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["JIS X 0402 code", "department", "e-mail", "language"]
    assert lines[1] == ["010006", "国際課", "kokusai@010006.example.jp", "Japanese"]
    result = import_contacts(SimpleUploadedFile("survey-contacts.csv", text.encode("utf-8")))
    assert (result.added, result.changed, result.unchanged) == (0, 0, 6)


def test_the_excel_download_keeps_the_leading_zero_and_imports_back_unchanged(reference_data):
    import_contacts(many(3))
    data = xlsx_bytes(ContactImport.export_rows(PartnershipContact.objects.all()))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["JIS X 0402 code", "department", "e-mail", "language"]
    assert sheet["A2"].value == "010006" and sheet["A2"].data_type == "s"
    result = import_contacts(SimpleUploadedFile("c.xlsx", data))
    assert (result.added, result.changed, result.unchanged) == (0, 0, 3)


def test_the_download_keeps_formulas_out_of_spreadsheets_and_still_imports_back(reference_data):
    import_contacts([row(department='=HYPERLINK("http://evil.example")')])
    text = csv_download(PartnershipContact.objects.all())
    assert "\"'=HYPERLINK(" in text
    data = xlsx_bytes(ContactImport.export_rows(PartnershipContact.objects.all()))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("'=")
    assert import_contacts(SimpleUploadedFile("c.csv", text.encode("utf-8"))).unchanged == 1
    assert PartnershipContact.objects.get().department.startswith("=HYPERLINK")


def test_a_file_without_the_required_columns_is_refused_and_shift_jis_is_read(reference_data):
    result = import_contacts(csv_file([{"jis_code": "422011"}], columns=["jis_code", "name"]))
    assert str(result.refused).startswith(
        "The header row of “contacts.csv” lacks the columns: e-mail (email)."
    )
    # What Japanese Excel saves as CSV: once refused as "not UTF-8", now read.
    data = "jis_code,department,email\n422011,国際課,kokusai@422011.example.jp\n"
    result = import_contacts(SimpleUploadedFile("c.csv", data.encode("cp932")))
    assert result.ok and result.format == "CSV, Shift_JIS (CP932)"
    assert PartnershipContact.objects.get().department == "国際課"


def csv_download(contacts) -> str:
    response = download(ContactImport.export_rows(contacts), filename="c.csv", fmt="csv")
    return b"".join(response.streaming_content).decode("utf-8-sig")


# --- The admin -----------------------------------------------------------------------


def test_admin_import_previews_what_changes_then_imports(client, cast):
    factories.contact("172014", email="kokusai@172014.example.jp")
    client.force_login(cast.hq)
    upload = [row(), row("172014", department="交流課")]
    response = client.post(IMPORT_URL, {"import_file": csv_file(upload)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This file adds 1 records, changes 1 and leaves 0 as they are." in page
    assert "kokusai@422011.example.jp" in page and "Nagasaki City" in page
    result = response.context["result"]
    assert [(c.record.split()[0], c.what) for c in result.changed_rows] == [
        ("172014", "department")
    ]
    assert PartnershipContact.objects.count() == 1
    response = client.post(CONFIRM_URL, response.context["confirm_form"].initial)
    assert response.status_code == 302
    assert messages_of(response) == ["Imported “contacts.csv”: 1 added, 1 changed, 0 unchanged."]
    assert PartnershipContact.objects.count() == 2
    assert PartnershipContact.objects.get(local_government_id="172014").department == "交流課"
    assert PartnershipContact.objects.get(local_government_id="422011").history.get().history_user == cast.hq  # fmt: skip


def test_admin_import_of_a_bad_file_shows_each_row_in_japanese_and_keeps_nothing(client, cast):
    client.force_login(cast.hq)
    bad = [row(), row("000000", language="de")]
    with translation.override("ja"):  # the admin's request activates Japanese; this ends it
        response = client.post(
            IMPORT_URL, {"import_file": csv_file(bad)}, HTTP_ACCEPT_LANGUAGE="ja"
        )
    page = response.content.decode()
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert "ファイルに2件の問題があるため、何も取り込んでいません。" in page
    assert "<td>3</td><td>jis_code</td><td>団体コード 000000 の自治体はありません。</td>" in page
    assert (
        "<td>3</td><td>language</td><td>「de」は次のいずれでもありません：英語 (en), 日本語 (ja)。</td>"
        in page
    )
    assert PartnershipContact.objects.count() == 0


def test_admin_import_checks_the_upload_like_every_other(client, cast):
    client.force_login(cast.hq)
    response = client.post(IMPORT_URL, {"import_file": SimpleUploadedFile("contacts.csv", PNG)})
    assert response.status_code == 200  # the form again, with the upload's error
    assert "“contacts.csv”" in response.context["form"].errors["import_file"][0]
    assert PartnershipContact.objects.count() == 0


def test_admin_import_is_for_staff_who_may_change_contacts(client, cast):
    client.force_login(cast.office_a)
    assert client.get(IMPORT_URL).status_code == 302  # to the admin log-in: not staff
    assert client.post(IMPORT_URL, {"import_file": csv_file([row()])}).status_code == 302
    assert PartnershipContact.objects.count() == 0
    client.force_login(cast.hq)
    assert client.get(IMPORT_URL).status_code == 200


def test_admin_downloads_the_selected_contacts_in_the_import_columns(client, cast):
    import_contacts([row(), row("172014", language="en")])
    client.force_login(cast.hq)
    selected = list(PartnershipContact.objects.values_list("pk", flat=True))
    response = client.post(
        LIST_URL, {"action": "export_csv", "_selected_action": selected, "index": 0}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines() == [
        "JIS X 0402 code,department,e-mail,language",
        "172014,国際課,kokusai@172014.example.jp,English",
        "422011,国際課,kokusai@422011.example.jp,Japanese",
    ]
    response = client.post(
        LIST_URL, {"action": "export_xlsx", "_selected_action": selected[:1], "index": 0}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "422011"}, ["422011"]),
        ({"q": "42"}, ["420000", "422011"]),  # the code from its start
        ({"q": "金沢"}, ["172014"]),
        ({"q": "nagasaki"}, ["420000", "422011"]),
        ({"q": "desk@kanazawa"}, ["172014"]),
        ({"language__exact": "en"}, ["172014"]),
        ({"prefecture": "420000"}, ["420000", "422011"]),  # the prefecture's own, and its towns
        ({"prefecture": "170000", "language__exact": "ja"}, []),
    ],
)
def test_admin_list_searches_codes_names_and_addresses_and_filters(client, cast, query, expected):
    import_contacts(
        [
            row(),
            row("420000"),
            row("172014", email="desk@kanazawa.example.jp", language="en"),
            row("011002"),
        ]  # fmt: skip
    )
    client.force_login(cast.hq)
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    shown = [c.local_government_id for c in response.context["cl"].result_list]
    assert shown == expected


def test_admin_list_reads_a_constant_number_of_queries(client, cast, django_assert_max_num_queries):
    import_contacts(many(3))
    client.force_login(cast.hq)
    url = f"{LIST_URL}?q=nagasaki&prefecture=420000&language__exact=ja"
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    import_contacts(many(150) + [row("420000"), row("422011")])
    # session, user, the permissions (the site's and the model's), the filtered
    # count, the total count, one page of contacts with their local governments
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert [c.local_government_id for c in response.context["cl"].result_list] == [
        "420000",
        "422011",
    ]
    with django_assert_max_num_queries(7):
        response = client.get(LIST_URL)
    assert len(response.context["cl"].result_list) == 100


# --- The survey ----------------------------------------------------------------------


def test_contacts_imported_after_opening_get_their_link_once_from_the_dashboard(
    client, cast, django_capture_on_commit_callbacks
):
    britain = factories.foreign()
    factories.affiliation("422011", britain)
    factories.affiliation("172014", britain)
    factories.affiliation("260002", britain)
    factories.contact("422011")
    with django_capture_on_commit_callbacks(execute=True):
        survey = factories.open_survey(cast.hq)
    assert len(mail.outbox) == 1  # only Nagasaki had an address
    client.force_login(cast.hq)
    upload = csv_file(
        [
            row("422011", email="survey@422011.example.jp", department=""),
            row("172014", language="en"),
            row("260002"),
        ]  # fmt: skip
    )
    response = admin_import(client, upload)
    assert messages_of(response)[1].startswith(
        "2 of these local governments were invited to the open survey without an address"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/sister-cities/surveys/", {"action": "send"})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kokusai@172014.example.jp",
        "kokusai@260002.example.jp",
    ]
    kanazawa = survey.invitations.get(local_government_id="172014")
    assert kanazawa.language == "en" and kanazawa.sent_at is not None
    assert "/en/sister-cities/survey/" in next(
        m.body for m in mail.outbox if m.to == ["kokusai@172014.example.jp"]
    )
    # Sent again (or the file imported again): nobody gets a second link.
    mail.outbox.clear()
    upload.seek(0)
    admin_import(client, upload)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/sister-cities/surveys/", {"action": "send"})
    assert mail.outbox == []
    assert SurveyInvitation.objects.filter(survey=survey, sent_at__isnull=False).count() == 3


@pytest.mark.parametrize(
    ("holders", "language", "expected"),
    [
        (1, "en", "Partnership survey 2026: 1 local government invited."),
        (2, "en", "Partnership survey 2026: 2 local governments invited."),
        (1, "ja", "2026年 姉妹都市提携調査：1団体に依頼しました。"),
        (2, "ja", "2026年 姉妹都市提携調査：2団体に依頼しました。"),
    ],
)
def test_opening_a_survey_in_the_admin_counts_the_invited_in_singular_or_plural(
    client, cast, holders, language, expected
):
    for code in ["422011", "172014"][:holders]:
        factories.affiliation(code)
    survey = PartnershipSurvey.objects.create(year=2026, closes_on=factories.past(-30))
    client.force_login(cast.hq)
    response = client.post(
        "/admin/sistercities/partnershipsurvey/",
        {"action": "open_survey", "_selected_action": [survey.pk], "index": 0},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert messages_of(response) == [expected]
    assert SurveyInvitation.objects.filter(survey=survey).count() == holders
