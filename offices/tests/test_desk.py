"""The desk: a local government asks the right office; the office answers within its own
working days; each side sees only its own; every step is told to the other side."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from clair_portal.notifications.models import Notification
from offices.models import AssistanceRequest, Office, RequestEvent
from offices.services import desk
from offices.services.desk import DeskError
from offices.tests import desk_factories as ask
from offices.tests.reports.factories import PDF, pdf_upload

pytestmark = pytest.mark.django_db
State = AssistanceRequest.State
LONDON = ZoneInfo("Europe/London")
# Friday 22 May 2026, 16:00 in London, before the weekend and the Spring Bank Holiday.
FRIDAY = datetime(2026, 5, 22, 15, 0, tzinfo=UTC)


def test_a_request_goes_to_the_office_responsible_for_its_country_or_to_headquarters(cast):
    london = ask.asked(cast.org_a, country="GB")
    paris = ask.asked(cast.org_a, country="FR", city="Lyon")
    nowhere = ask.asked(cast.org_a, country="BR", city="São Paulo")
    assert london.office.code == "london"
    assert paris.office.code == "paris"
    assert nowhere.office == Office.objects.get(kind=Office.Kind.HEADQUARTERS)
    assert london.language == "ja"  # the officer's language


def test_the_first_answer_is_due_three_london_working_days_later(cast):
    request = ask.asked(cast.org_a, now=FRIDAY)
    assert request.state == State.SUBMITTED
    assert request.due_at == datetime(2026, 5, 28, 23, 59, tzinfo=LONDON)
    assert request.remind_at == datetime(2026, 5, 28, 0, 0, tzinfo=LONDON)
    staff = Notification.objects.filter(user=cast.office_a)
    assert staff.count() == 1 and request.reference in staff.get().subject


def test_asking_for_information_stops_the_clock_and_keeps_the_days_left(cast):
    request = ask.asked(cast.org_a, now=FRIDAY)
    tuesday = datetime(2026, 5, 26, 9, 0, tzinfo=LONDON)  # no working day over yet
    desk.ask_for_information(cast.office_a, request.pk, "Who travels?", now=tuesday)
    request.refresh_from_db()
    assert (request.state, request.due_at, request.days_left) == (State.INFO_REQUESTED, None, 3)
    officer_heard = Notification.objects.get(user=cast.org_a, event_key__contains="asked")
    assert "Who travels?" in officer_heard.body
    # Wednesday and Thursday pass with the local government; it answers on Friday 29 May.
    friday = datetime(2026, 5, 29, 11, 0, tzinfo=LONDON)
    desk.answer_information(cast.org_a, request.pk, "The mayor and four staff.", now=friday)
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    # Three working days from Friday: Monday, Tuesday, Wednesday 3 June.
    assert request.due_at == datetime(2026, 6, 3, 23, 59, tzinfo=LONDON)
    assert request.paused_seconds == int((friday - tuesday).total_seconds())


def test_days_used_before_the_question_are_not_given_back(cast):
    request = ask.asked(cast.org_a, now=FRIDAY)
    thursday = datetime(2026, 5, 28, 10, 0, tzinfo=LONDON)  # Tuesday and Wednesday used
    desk.ask_for_information(cast.office_a, request.pk, "Dates?", now=thursday)
    request.refresh_from_db()
    assert request.days_left == 1
    answered = datetime(2026, 6, 1, 9, 0, tzinfo=LONDON)  # Monday
    desk.answer_information(cast.org_a, request.pk, "8 to 12 February.", now=answered)
    request.refresh_from_db()
    assert request.due_at == datetime(2026, 6, 2, 23, 59, tzinfo=LONDON)


def test_the_whole_life_of_a_request(cast):
    request = ask.asked(cast.org_a, attachments=1)
    desk.accept_request(cast.office_a, request.pk, "We will contact the borough.")
    request.refresh_from_db()
    assert request.state == State.ACCEPTED
    assert request.first_answered_at is not None and request.answered_on_time
    assert request.assigned_to == cast.office_a
    starts = datetime(2027, 2, 9, 10, 0, tzinfo=LONDON)
    desk.record_meeting(
        cast.office_a, request.pk, counterpart="Westminster City Council", place="City Hall",
        starts_at=starts, ends_at=starts + timedelta(hours=1),
    )  # fmt: skip
    desk.complete_request(
        cast.office_a, request.pk, "One meeting held.", [pdf_upload("minutes.pdf")]
    )
    desk.rate_request(cast.org_a, request.pk, 5, "Very useful.")
    request.refresh_from_db()
    assert (request.state, request.rating) == (State.COMPLETED, 5)
    assert list(request.events.values_list("action", flat=True)) == [
        "submitted", "accepted", "meeting", "completed", "rated",
    ]  # fmt: skip
    assert sorted(request.attachments.values_list("part", flat=True)) == ["outcome", "request"]
    with pytest.raises(DeskError):
        desk.rate_request(cast.org_a, request.pk, 3)


def test_steps_out_of_turn_are_refused_and_change_nothing(cast):
    request = ask.asked(cast.org_a)
    with pytest.raises(DeskError):
        desk.complete_request(cast.office_a, request.pk, "Done.")
    with pytest.raises(DeskError) as refused:
        desk.decline_request(cast.office_a, request.pk, "  ")
    assert refused.value.field == "reason"
    with pytest.raises(DeskError):
        desk.answer_information(cast.org_a, request.pk, "Nobody asked.")
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert RequestEvent.objects.filter(request=request).count() == 1


def test_another_party_finds_nothing(cast):
    from django.http import Http404

    request = ask.asked(cast.org_a)
    for user in (cast.org_b, cast.office_b, cast.participant):
        with pytest.raises(Http404):
            desk.get_request_for_user(user, request.pk)
    with pytest.raises(Http404):
        desk.accept_request(cast.office_b, request.pk)
    with pytest.raises(Http404):  # HQ reads it, but London answers it
        desk.accept_request(cast.hq, request.pk)
    assert desk.get_request_for_user(cast.hq, request.pk) == request
    draft = ask.asked(cast.org_a, submit=False)
    with pytest.raises(Http404):  # a draft is the local government's alone
        desk.get_request_for_user(cast.office_a, draft.pk)


def test_the_officer_asks_checks_and_sends(client, cast):
    client.force_login(cast.org_a)
    form = {
        "kind": "meetings", "country": "GB", "city": "Manchester", "start_date": "2027-03-01",
        "end_date": "2027-03-03", "delegation_size": "4", "purpose": "Meet the city council.",
    }  # fmt: skip
    response = client.post(reverse("offices:request-new"), {**form, "attachments": [pdf_upload()]})
    request = AssistanceRequest.objects.get(organisation=cast.org_a_organisation)
    assert response["Location"] == reverse("offices:request-check", kwargs={"pk": request.pk})
    assert request.state == State.DRAFT and request.attachments.count() == 1
    attachment = request.attachments.get()
    download = client.get(
        reverse(
            "offices:request-attachment", kwargs={"pk": request.pk, "attachment_id": attachment.pk}
        )
    )
    assert b"".join(download.streaming_content) == PDF
    check = client.get(response["Location"])
    assert "London Office" in check.content.decode() or "ロンドン" in check.content.decode()
    sent = client.post(response["Location"])
    assert sent["Location"] == reverse("offices:request-detail", kwargs={"pk": request.pk})
    request.refresh_from_db()
    assert request.state == State.SUBMITTED


def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(client, cast):
    client.force_login(cast.org_a)
    response = client.post(
        reverse("offices:request-new"),
        {"kind": "meetings", "country": "GB", "city": "Leeds", "start_date": "2027-03-05",
         "end_date": "2027-03-01", "delegation_size": "4", "purpose": "Visit."},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Leeds" in response.content.decode()
    assert not AssistanceRequest.objects.exists()


def test_the_desk_answers_on_the_request_s_page(client, cast):
    request = ask.asked(cast.org_a)
    client.force_login(cast.office_a)
    page = client.get(reverse("offices:request-detail", kwargs={"pk": request.pk}))
    assert page.status_code == 200
    accepted = client.post(reverse("offices:request-accept", kwargs={"pk": request.pk}))
    assert accepted.status_code == 302
    meeting = client.post(
        reverse("offices:request-meeting", kwargs={"pk": request.pk}),
        {"counterpart": "Westminster", "place": "City Hall", "day": "2027-02-09",
         "start_time": "10:00", "end_time": "11:00"},
    )  # fmt: skip
    assert meeting.status_code == 302
    held = request.meetings.get()
    assert held.starts_at == datetime(2027, 2, 9, 10, 0, tzinfo=LONDON)
    page = client.get(reverse("offices:request-detail", kwargs={"pk": request.pk})).content.decode()
    assert "London time" in page and "Japan time" in page
    assert "19:00" in page  # 10:00 in London in February is 19:00 in Japan


def test_a_meeting_at_a_time_the_clocks_skip_is_refused(client, cast):
    request = ask.accepted(cast.org_a, cast.office_a)
    client.force_login(cast.office_a)
    response = client.post(
        reverse("offices:request-meeting", kwargs={"pk": request.pk}),
        {"counterpart": "Westminster", "place": "City Hall", "day": "2027-03-28",
         "start_time": "01:30", "end_time": "03:00"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not request.meetings.exists()


def test_the_officer_s_list_pins_its_queries(client, cast, django_assert_max_num_queries):
    for _n in range(3):
        ask.asked(cast.org_a)
    ask.asked(cast.org_b)
    client.force_login(cast.org_a)
    # session, user, roles, membership; the count and the page of requests.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("offices:request-list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3


def test_the_desk_queue_pins_its_queries(client, cast, django_assert_max_num_queries):
    for _n in range(4):
        ask.asked(cast.org_a)
    ask.asked(cast.org_a, country="FR", city="Paris")
    client.force_login(cast.office_a)
    # session, user, membership (its office), roles; the overdue count, the count, the page.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("offices:desk"))
    assert len(response.context["page"].object_list) == 4


def test_notifications_go_out_in_each_recipient_s_language(cast):
    request = ask.asked(cast.org_a)
    desk.decline_request(cast.office_a, request.pk, "The dates fall in our closure.")
    to_officer = Notification.objects.get(user=cast.org_a, event_key__endswith="declined")
    assert to_officer.language == "ja"
    assert "ロンドン事務所" in to_officer.subject
    to_office = Notification.objects.get(user=cast.office_a)
    assert to_office.language == "en"
    assert to_office.subject.startswith("New request for help")


def test_the_organisation_s_home_shows_its_requests_and_what_the_offices_wait_for(client, cast):
    asked = ask.asked(cast.org_a, city="Cardiff")
    desk.ask_for_information(cast.office_a, asked.pk, "Who travels?")
    ask.asked(cast.org_b, city="Glasgow")
    client.force_login(cast.org_a)
    page = client.get("/en/my-organisation/").content.decode()
    assert asked.reference in page and "Cardiff" in page and "Glasgow" not in page
    assert "Requests for help on which an office needs more information" in page
    home = client.get("/en/").content.decode()
    assert "1 request on which an office needs more information" in home


def test_a_file_the_validator_refuses_keeps_the_answers_and_saves_nothing(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.org_a)
    response = client.post(
        reverse("offices:request-new"),
        {"kind": "advice", "country": "FR", "city": "Bordeaux", "start_date": "2027-03-01",
         "end_date": "2027-03-02", "delegation_size": "2", "purpose": "Advice.",
         "attachments": [SimpleUploadedFile("programme.pdf", b"MZ\x90\x00 not a pdf")]},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Bordeaux" in response.content.decode()
    assert response.context["form"].errors["attachments"]
    assert not AssistanceRequest.objects.exists()
