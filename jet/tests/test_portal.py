"""The participant's side: invitation, reappointment, the calendar, and HQ's statistics."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clair_portal.jobs.kinds import registry
from jet import services, statistics
from jet.models import Reappointment
from jet.tests import factories

pytestmark = pytest.mark.django_db


def test_invitation_link_sets_a_password_once(
    client, reference_data, django_capture_on_commit_callbacks
):
    participant = factories.participant(email="new.alt@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_participants([participant.pk])
    (message,) = mail.outbox
    link = re.search(r"https?://\S+|/en/accounts/invitation/\S+", message.body).group(0)
    path = link[link.index("/en/") :]
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": "a-long-new-pass-phrase", "new_password2": "a-long-new-pass-phrase"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/jet/"  # the link says where a participant lands
    participant.refresh_from_db()
    assert participant.user.check_password("a-long-new-pass-phrase")
    client.logout()
    again = client.get(path)
    assert "This invitation link no longer works" in again.content.decode()


def test_invitation_without_e_mail_is_refused_and_names_the_participant(reference_data):
    participant = factories.participant(email="")
    with pytest.raises(services.JetError) as error:
        services.invite_participants([participant.pk])
    assert participant.jet_number in str(error.value.message)
    participant.refresh_from_db()
    assert participant.user is None


def test_participant_checks_the_answer_before_it_is_recorded(client, cast):
    placement = factories.placement(factories.participant(user=cast.participant), state="published")
    r = services.open_reappointment(placement, deadline=timezone.localdate() + timedelta(days=3))
    client.force_login(cast.participant)
    url = reverse("jet:decide_reappointment", args=[r.pk])

    check = client.post(url, {"decision": "decline"})
    page = check.content.decode()
    assert check.status_code == 200 and "Check your answer" in page
    assert "will be your last" in page and 'name="confirmed"' in page
    r.refresh_from_db()
    assert r.participant_decision == Reappointment.Decision.PENDING  # nothing yet

    assert client.post(url, {"decision": "decline", "confirmed": "1"}).status_code == 302
    r.refresh_from_db()
    assert r.participant_decision == Reappointment.Decision.DECLINED


def test_after_the_deadline_the_answer_is_refused(cast):
    placement = factories.placement(factories.participant(user=cast.participant), state="published")
    r = Reappointment.objects.create(
        placement=placement, deadline=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(services.JetError):
        services.decide_reappointment(cast.participant, r.pk, consent=True)


def test_reappointment_stops_at_five_years(cast):
    person = factories.participant()
    for year in range(2022, 2027):
        last = factories.placement(person, state="published", year=year)
    with pytest.raises(services.JetError):
        services.open_reappointment(last, deadline=timezone.localdate() + timedelta(days=3))


def test_calendar_feed_is_valid_icalendar(client, cast):
    person = factories.participant(user=cast.participant)
    factories.placement(person, state="published")
    factories.seminar(description="Bring your passport; and a pen, please.")
    response = client.get(reverse("jet:calendar_feed", args=[factories.feed(person).token]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Post-arrival orientation\r\n" in text
    assert "Bring your passport\\; and a pen\\, please." in text.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_statistics_and_report_count_participant_years(client, cast):
    for nationality in ["US", "US", "GB"]:
        factories.placement(factories.participant(nationality=nationality), state="published")
    factories.placement(factories.participant(nationality="CA"), state="withdrawn")
    assert statistics.by_country(2026)[0][1] == 2
    client.force_login(cast.hq)
    response = client.get(reverse("jet:statistics"), {"year": 2026})
    assert response.status_code == 200
    assert sum(n for _country, n in response.context["by_country"]) == 3
    body = response.content.decode()
    assert "<title>United States of America: 2</title>" in body  # the bar chart's bar
    # Per prefecture on the map of Japan: Nagasaki holds all three.
    assert response.context["prefecture_map"]["420000"] == 3
    assert 'id="by-prefecture-title"' in body and "There are no JET placements yet" not in body
    kind = registry.get("jet-participants-xlsx")
    rows = list(kind.rows({}))
    assert [r[1:] for r in rows[1:]] == [
        ["United Kingdom", "Assistant Language Teacher (ALT)", "Nagasaki", 1],
        ["United States of America", "Assistant Language Teacher (ALT)", "Nagasaki", 2],
    ]


def test_statistics_without_placements_say_so_instead_of_rows_of_zeros(client, cast):
    client.force_login(cast.hq)
    body = client.get(reverse("jet:statistics")).content.decode()
    assert "There are no JET placements yet." in body
    assert 'id="by-prefecture-title"' not in body and "<table" not in body
    body = client.get(reverse("jet:statistics"), {"year": 2026}).content.decode()
    assert "There are no JET placements yet." in body


def test_demo_participant_sees_a_published_placement_with_the_demo_notice(client, reference_data):
    from clair_portal import demo
    from clair_portal.accounts.models import User
    from jet import demo_data

    demo.load()
    assert demo_data.load()[0].created == 1
    assert demo_data.load()[0].unchanged == 1  # idempotent
    client.force_login(User.objects.get(email="jet@clair-demo.test"))
    page = client.get(reverse("jet:home"))
    assert page.context["placement"].organisation.code == "422011-BOE"
    assert "Demo data" in page.content.decode()
