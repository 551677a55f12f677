"""Opening, reminding and closing a survey are services that check its state and record who.

Before, the dashboard view closed, reminded and sent links itself (queued
before commit, with no actor), and the admin's close action closed even a
draft that had never been opened.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sistercities import surveys
from sistercities.models import PartnershipSurvey
from sistercities.partnering import PartneringError
from sistercities.tests import factories

pytestmark = pytest.mark.django_db

DASHBOARD = "/en/sister-cities/surveys/"


@pytest.fixture
def holders(cast):
    factories.affiliation("422011", factories.foreign())
    factories.contact("422011")


def events(survey):
    return list(survey.events.values_list("action", "actor"))


def draft():
    return PartnershipSurvey.objects.create(
        year=2026, closes_on=timezone.localdate() + timedelta(days=30)
    )


def test_each_step_from_the_dashboard_is_recorded_with_who_took_it(
    client, cast, holders, django_capture_on_commit_callbacks
):
    survey = draft()
    client.force_login(cast.hq)
    for action in ("open", "send", "remind", "close"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(DASHBOARD, {"action": action})
        assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.CLOSED
    hq = cast.hq.pk
    assert events(survey) == [("opened", hq), ("links", hq), ("reminded", hq), ("closed", hq)]


def test_a_step_the_state_does_not_allow_is_refused_with_a_message(client, cast, holders):
    survey = draft()
    client.force_login(cast.hq)
    for action in ("close", "remind", "send"):
        response = client.post(DASHBOARD, {"action": action}, follow=True)
        assert "The survey is not open." in response.content.decode()
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.DRAFT
    assert not survey.events.exists()


def test_the_admin_cannot_close_a_draft_and_records_its_own_steps(
    client, cast, holders, django_capture_on_commit_callbacks
):
    survey = draft()
    client.force_login(cast.hq)
    url = reverse("admin:sistercities_partnershipsurvey_changelist")

    def act(action):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                url, {"action": action, "_selected_action": [survey.pk]}, follow=True
            )

    assert "The survey is not open." in act("close_survey").content.decode()
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.DRAFT
    act("open_survey")
    mail.outbox.clear()
    assert "reminders are being sent" in act("remind").content.decode()
    assert [m.to for m in mail.outbox] == [["survey@422011.example.jp"]]
    act("close_survey")
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.CLOSED
    assert [a for a, _actor in events(survey)] == ["opened", "reminded", "closed"]


def test_the_survey_change_form_writes_no_state(client, cast, holders):
    survey = draft()
    client.force_login(cast.superuser)
    url = reverse("admin:sistercities_partnershipsurvey_change", args=[survey.pk])
    closes_on = (timezone.localdate() + timedelta(days=40)).isoformat()
    response = client.post(
        url,
        {
            "year": 2026,
            "closes_on": closes_on,
            "state": "open",
            "opened_by": cast.superuser.pk,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.closes_on.isoformat() == closes_on
    assert (survey.state, survey.opened_by) == (PartnershipSurvey.State.DRAFT, None)


def test_only_hq_takes_a_step(cast, holders):
    survey = draft()
    with pytest.raises(PartneringError):
        surveys.open_survey(survey, by=cast.office_a)
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.DRAFT


def test_the_daily_task_records_its_reminders_and_closing_without_an_actor(
    cast, holders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        survey = factories.open_survey(cast.hq, closes_on=timezone.localdate() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):  # the reminders go out after commit
        assert surveys.remind_before_close() == 1
    assert surveys.remind_before_close() == 0  # nothing queued, nothing recorded
    PartnershipSurvey.objects.filter(pk=survey.pk).update(closes_on=factories.past())
    assert surveys.close_past_surveys() == 1
    assert events(survey) == [("opened", cast.hq.pk), ("reminded", None), ("closed", None)]
