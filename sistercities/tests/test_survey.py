"""The annual partnership survey: personal links, answers that update affiliations,
reminders, the dashboard and the results report."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from clair_portal.jobs.models import Job
from clair_portal.jobs.services import open_result
from sistercities import surveys
from sistercities.models import Affiliation, PartnershipSurvey, SurveyAnswer, SurveyInvitation
from sistercities.partnering import PartneringError
from sistercities.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cast):
    """Nagasaki (Japanese contact) and Kanazawa (English contact) hold affiliations;
    Sapporo holds only an ended one and is not asked. Nagasaki's real first affiliation
    (reference data) is left out, so that the two invented ones are all it answers for."""
    Affiliation.objects.filter(japanese__code="422011").delete()
    britain = factories.foreign()
    france = factories.foreign("FR", "Nancy", "Grand Est")
    nagasaki_exeter = factories.affiliation("422011", britain)
    nagasaki_nancy = factories.affiliation("422011", france, fields=["economy"])
    kanazawa_nancy = factories.affiliation("172014", france)
    factories.affiliation("011002", britain, status="ended", ended_on="2001-03-31")
    factories.contact("422011", language="ja")
    factories.contact("172014", language="en")
    factories.contact("011002")
    return {
        "nagasaki_exeter": nagasaki_exeter,
        "nagasaki_nancy": nagasaki_nancy,
        "kanazawa_nancy": kanazawa_nancy,
    }


def answer_data(affiliation, **overrides):
    prefix = f"a{affiliation.pk}"
    data = {
        f"{prefix}-status": "active",
        f"{prefix}-ended_on": "",
        f"{prefix}-fields": ["education"],
        f"{prefix}-activities": "Student visits in August.",
    }
    data.update({f"{prefix}-{k}": v for k, v in overrides.items()})
    return data


def test_opening_sends_every_holder_one_personal_link_in_its_language(
    cast, setting, django_capture_on_commit_callbacks
):
    survey = PartnershipSurvey.objects.create(
        year=2026, closes_on=timezone.localdate() + timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys.open_survey(survey, by=cast.hq) == 2
    invitations = {i.local_government_id: i for i in SurveyInvitation.objects.all()}
    assert set(invitations) == {"422011", "172014"}
    assert all(i.sent_at for i in invitations.values())
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    japanese = by_address["survey@422011.example.jp"]
    assert "姉妹都市" in japanese.body or "パートナーシップ" in japanese.subject
    assert f"/ja/sister-cities/survey/{invitations['422011'].token}/" in japanese.body
    assert f"/en/sister-cities/survey/{invitations['172014'].token}/" in (
        by_address["survey@172014.example.jp"].body
    )
    # Queued again (a redelivered task): nothing twice.
    assert surveys.fan_out(survey.pk) == 0
    assert surveys.send_invitation(invitations["422011"].pk) is False
    assert len(mail.outbox) == 2
    with pytest.raises(PartneringError):
        surveys.open_survey(survey, by=cast.hq)


def test_a_token_opens_only_its_own_local_governments_form(client, cast, setting):
    survey = factories.open_survey(cast.hq)
    nagasaki = survey.invitations.get(local_government_id="422011")
    page = client.get(f"/en/sister-cities/survey/{nagasaki.token}/")
    assert page.status_code == 200
    shown = [a.pk for a, _form in page.context["forms"]]
    assert shown == [setting["nagasaki_exeter"].pk, setting["nagasaki_nancy"].pk]
    # Posting an answer for Kanazawa's affiliation with Nagasaki's token changes nothing there.
    client.post(
        f"/en/sister-cities/survey/{nagasaki.token}/",
        {
            **answer_data(setting["nagasaki_exeter"]),
            **answer_data(setting["nagasaki_nancy"]),
            **answer_data(setting["kanazawa_nancy"], status="dormant"),
        },
    )
    setting["kanazawa_nancy"].refresh_from_db()
    assert setting["kanazawa_nancy"].status == "active"
    assert not SurveyAnswer.objects.filter(affiliation=setting["kanazawa_nancy"]).exists()
    assert client.get("/en/sister-cities/survey/not-a-token/").status_code == 404
    with pytest.raises(PartneringError):
        surveys.submit_answers(nagasaki, {setting["kanazawa_nancy"].pk: {"status": "active"}})


def test_answers_update_the_affiliations_and_can_be_changed_until_the_close(client, cast, setting):
    survey = factories.open_survey(cast.hq)
    nagasaki = survey.invitations.get(local_government_id="422011")
    url = f"/en/sister-cities/survey/{nagasaki.token}/"
    response = client.post(
        url,
        {
            **answer_data(setting["nagasaki_exeter"]),
            **answer_data(setting["nagasaki_nancy"], status="dormant", activities=""),
        },
    )
    assert response.status_code == 302
    exeter = Affiliation.objects.get(pk=setting["nagasaki_exeter"].pk)
    assert exeter.activities == "Student visits in August."
    assert exeter.fields == ["education"] and exeter.surveyed_year == 2026
    assert Affiliation.objects.get(pk=setting["nagasaki_nancy"].pk).status == "dormant"
    nagasaki.refresh_from_db()
    assert nagasaki.responded_at
    # Edited later: the latest answer wins, one answer row per affiliation.
    client.post(
        url,
        {
            **answer_data(setting["nagasaki_exeter"], status="ended", ended_on="2026-03-31"),
            **answer_data(setting["nagasaki_nancy"]),
        },
    )
    exeter.refresh_from_db()
    assert exeter.status == "ended" and str(exeter.ended_on) == "2026-03-31"
    assert SurveyAnswer.objects.filter(invitation=nagasaki).count() == 2
    # The public detail page shows the reported activities.
    nancy_page = client.get(f"/en/sister-cities/{setting['nagasaki_nancy'].pk}/")
    assert "Student visits in August." in nancy_page.content.decode()


def test_an_ended_status_without_a_date_is_refused_and_nothing_changes(client, cast, setting):
    survey = factories.open_survey(cast.hq)
    nagasaki = survey.invitations.get(local_government_id="422011")
    response = client.post(
        f"/en/sister-cities/survey/{nagasaki.token}/",
        {
            **answer_data(setting["nagasaki_exeter"], status="ended"),
            **answer_data(setting["nagasaki_nancy"]),
        },
    )
    assert response.status_code == 400
    assert "Give the date an ended affiliation ended." in response.content.decode()
    assert "Student visits in August." in response.content.decode()  # kept as typed
    assert not SurveyAnswer.objects.exists()
    nagasaki.refresh_from_db()
    assert nagasaki.responded_at is None


def test_links_expire_when_the_survey_closes(client, cast, setting):
    survey = factories.open_survey(cast.hq)
    token = survey.invitations.get(local_government_id="422011").token
    PartnershipSurvey.objects.filter(pk=survey.pk).update(closes_on=factories.past())
    assert client.get(f"/en/sister-cities/survey/{token}/").status_code == 404
    assert surveys.close_past_surveys() == 1
    survey.refresh_from_db()
    assert survey.state == "closed"
    assert client.get(f"/en/sister-cities/survey/{token}/").status_code == 404


def test_reminders_go_to_non_respondents_once(cast, setting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        survey = factories.open_survey(cast.hq)
    nagasaki = survey.invitations.get(local_government_id="422011")
    surveys.submit_answers(
        nagasaki,
        {setting["nagasaki_exeter"].pk: {"status": "active"}},
    )
    mail.outbox.clear()
    # Each chunk is enqueued after commit: run the callbacks as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys.fan_out(survey.pk, reminders=True) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert surveys.fan_out(survey.pk, reminders=True) == 0
    assert [m.to for m in mail.outbox] == [["survey@172014.example.jp"]]
    assert "Reminder" in mail.outbox[0].subject


def test_the_dashboard_shows_the_response_rate_and_asks_for_the_report(
    client, cast, setting, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    survey = factories.open_survey(cast.hq)
    surveys.submit_answers(
        survey.invitations.get(local_government_id="422011"),
        {
            setting["nagasaki_exeter"].pk: {"status": "active", "activities": "Visits"},
            setting["nagasaki_nancy"].pk: {"status": "dormant"},
        },
    )
    client.force_login(cast.hq)
    # session, user, groups, the inbox count, the surveys, the totals, the prefectures
    with django_assert_max_num_queries(7):
        response = client.get("/en/sister-cities/surveys/")
    assert response.context["rate"]["totals"]["rate"] == 50
    assert "50% (1 / 2)" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/sister-cities/surveys/", {"action": "report"})
    assert response.status_code == 302
    job = Job.objects.get(kind="partnership-survey-xlsx")
    assert job.state == "succeeded", job.error_message
    book = load_workbook(open_result(job))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("year", "local government code", "Japanese local government")
    assert [r[1] for r in rows[1:]] == ["422011", "422011", "172014"]
    assert rows[3][5] == "not answered"


def test_the_daily_task_reminds_in_the_last_week_once_and_closes_past_surveys(
    cast, setting, django_capture_on_commit_callbacks
):
    from sistercities.tasks import close_past_surveys

    with django_capture_on_commit_callbacks(execute=True):
        survey = factories.open_survey(cast.hq, closes_on=timezone.localdate() + timedelta(days=20))
    mail.outbox.clear()
    assert close_past_surveys() == {"reminders": 0, "closed": 0}  # not yet the last week
    PartnershipSurvey.objects.filter(pk=survey.pk).update(
        closes_on=timezone.localdate() + timedelta(days=3)
    )
    # The reminder chunks are enqueued after commit: run the callbacks as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        assert close_past_surveys() == {"reminders": 2, "closed": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert close_past_surveys() == {"reminders": 0, "closed": 0}  # once each
    assert len(mail.outbox) == 2
    PartnershipSurvey.objects.filter(pk=survey.pk).update(closes_on=factories.past())
    assert close_past_surveys() == {"reminders": 0, "closed": 1}


def test_a_contact_added_after_opening_gets_its_link_from_the_dashboard(
    client, cast, setting, django_capture_on_commit_callbacks
):
    factories.affiliation("260002")  # Kyoto holds one but has no contact yet
    with django_capture_on_commit_callbacks(execute=True):
        survey = factories.open_survey(cast.hq)
    kyoto = survey.invitations.get(local_government_id="260002")
    assert kyoto.email == "" and kyoto.sent_at is None
    factories.contact("260002", language="en")
    mail.outbox.clear()
    client.force_login(cast.hq)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/sister-cities/surveys/", {"action": "send"})
    kyoto.refresh_from_db()
    assert kyoto.email == "survey@260002.example.jp" and kyoto.language == "en"
    assert kyoto.sent_at is not None
    assert [m.to for m in mail.outbox] == [["survey@260002.example.jp"]]


def test_hq_opens_and_closes_a_survey_from_the_dashboard(
    client, cast, setting, django_capture_on_commit_callbacks
):
    survey = PartnershipSurvey.objects.create(
        year=2026, closes_on=timezone.localdate() + timedelta(days=30)
    )
    mail.outbox.clear()
    client.force_login(cast.hq)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/sister-cities/surveys/", {"action": "open"}, follow=True)
    assert "2 local governments are being sent their links" in response.content.decode()
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.OPEN and survey.opened_by == cast.hq
    assert len(mail.outbox) == 2
    # Opening again does nothing more: the survey is no longer a draft.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/sister-cities/surveys/", {"action": "open"})
    assert len(mail.outbox) == 2 and survey.invitations.count() == 2

    token = survey.invitations.get(local_government_id="422011").token
    assert client.get(f"/en/sister-cities/survey/{token}/").status_code == 200
    response = client.post("/en/sister-cities/surveys/", {"action": "close"}, follow=True)
    assert "The survey is closed" in response.content.decode()
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.CLOSED
    assert client.get(f"/en/sister-cities/survey/{token}/").status_code == 404


def test_a_survey_whose_closing_date_passed_is_not_opened(client, cast, setting):
    survey = PartnershipSurvey.objects.create(year=2026, closes_on=factories.past())
    client.force_login(cast.hq)
    response = client.post("/en/sister-cities/surveys/", {"action": "open"}, follow=True)
    assert "The closing date has passed" in response.content.decode()
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.DRAFT


def test_only_hq_can_open_a_survey(client, cast, setting):
    survey = PartnershipSurvey.objects.create(
        year=2026, closes_on=timezone.localdate() + timedelta(days=30)
    )
    client.force_login(cast.office_a)
    assert client.post("/en/sister-cities/surveys/", {"action": "open"}).status_code == 404
    survey.refresh_from_db()
    assert survey.state == PartnershipSurvey.State.DRAFT


def test_a_survey_nobody_is_invited_to_says_what_to_do_first(client, cast):
    """No "0% (0/0)", and no button that would send links to no one."""
    from sistercities.models import PartnershipContact, PartnershipSurvey

    PartnershipContact.objects.all().delete()
    PartnershipSurvey.objects.create(year=2031, closes_on="2031-09-30")
    client.force_login(cast.hq)
    html = client.get("/en/sister-cities/surveys/", {"year": 2031}).content.decode()
    assert "0%" not in html and "(0 / 0)" not in html
    assert "Nobody has been invited to this survey yet." in html
    assert "First, import the survey contacts." in html
    assert 'value="open"' not in html and 'value="send"' not in html
    assert "/admin/sistercities/partnershipcontact/" in html
    html = client.get("/ja/sister-cities/surveys/", {"year": 2031}).content.decode()
    assert "まず、調査の送付先を取り込んでください。" in html
