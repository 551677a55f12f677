"""Seminars for officials abroad: the public form, confirmation by e-mail, routing to the
responsible overseas office, its answer, HQ's selection within the places, and the
selected participant's programme and logistics checklist."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from clair_portal.accounts import roles
from clair_portal.notifications.models import Notification
from conftest import make_user
from training import abroad, services
from training.models import OverseasApplication, ParticipantTask, ProgrammeItem
from training.tests import factories

pytestmark = pytest.mark.django_db
State = OverseasApplication.State


def form_data(**changes):
    return {
        "full_name": "Kim Minji",
        "email": "kim.minji@example.org",
        "country": "KR",
        "local_government": "Suwon City",
        "position": "Deputy director, international cooperation",
        "motivation": "To learn how Japanese cities involve residents.",
        **changes,
    }


@pytest.fixture
def seoul(cast):
    return make_user("seoul.staff@example.org", role=roles.OFFICE_STAFF, office="seoul")


def test_an_official_from_korea_applies_confirms_and_the_seoul_office_is_told(
    client, seoul, django_capture_on_commit_callbacks
):
    seminar = factories.course(audience="abroad")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:seminar_apply", args=[seminar.pk]), form_data())
    assert response.url == reverse("training:seminar_sent", args=[seminar.pk])
    application = OverseasApplication.objects.get()
    assert application.state == State.UNCONFIRMED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kim.minji@example.org"]
    link = reverse("training:seminar_confirm", args=[application.token])
    assert link in mail.outbox[0].body
    # Unconfirmed: in nobody's list.
    assert not abroad.visible_to(seoul).exists()
    # Opening the link confirms nothing (mail scanners); the button does.
    assert client.get(link).status_code == 200
    application.refresh_from_db()
    assert application.state == State.UNCONFIRMED
    client.post(link)
    application.refresh_from_db()
    assert application.state == State.AT_OFFICE
    assert application.office.code == "seoul"
    assert Notification.objects.filter(user=seoul).exists()
    client.post(link)  # twice: nothing more
    assert Notification.objects.filter(user=seoul).count() == 1


def test_the_form_refuses_japan_and_keeps_the_input(client):
    seminar = factories.course(audience="abroad")
    response = client.post(
        reverse("training:seminar_apply", args=[seminar.pk]), form_data(country="JP")
    )
    assert response.status_code == 400
    assert "Suwon City" in response.content.decode()
    assert not OverseasApplication.objects.exists()


def test_the_honeypot_refuses_a_robot(client):
    seminar = factories.course(audience="abroad")
    response = client.post(
        reverse("training:seminar_apply", args=[seminar.pk]), form_data(website="http://x")
    )
    assert response.status_code == 400
    assert not OverseasApplication.objects.exists()


def test_a_course_for_officers_has_no_public_form(client):
    course = factories.course()
    assert client.get(reverse("training:seminar_apply", args=[course.pk])).status_code == 404


def test_officers_cannot_apply_to_a_seminar_for_officials_abroad(cast):
    seminar = factories.course(audience="abroad")
    with pytest.raises(services.TrainingError, match="abroad only"):
        services.apply(cast.org_a, seminar.pk, motivation="x")


def test_the_seoul_office_endorses_and_hq_is_told_another_office_sees_nothing(client, cast, seoul):
    seminar = factories.course(audience="abroad")
    application = factories.overseas(seminar, country="KR")
    client.force_login(cast.office_a)  # London
    url = reverse("training:overseas_application", args=[application.pk])
    assert client.get(url).status_code == 404
    client.force_login(seoul)
    assert client.get(reverse("training:overseas_applications")).status_code == 200
    page = client.get(url)
    assert page.context["can_answer"]
    response = client.post(
        reverse("training:overseas_answer", args=[application.pk]), {"outcome": "endorse"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.ENDORSED and application.endorsed_by == seoul
    assert Notification.objects.filter(user=cast.hq, event_key__endswith="endorsed").exists()


def test_hq_cannot_answer_for_the_office(cast, seoul):
    seminar = factories.course(audience="abroad")
    application = factories.overseas(seminar, country="KR")
    with pytest.raises(abroad.Http404):
        abroad.endorse(cast.hq, application.pk, endorsed=True)


def test_a_country_no_office_covers_goes_to_hq(cast):
    seminar = factories.course(audience="abroad")
    application = factories.overseas(seminar, country="AQ")
    assert application.office is None
    abroad.endorse(cast.hq, application.pk, endorsed=True)


def test_declined_by_the_office_the_applicant_reads_why_in_their_language(
    cast, seoul, django_capture_on_commit_callbacks
):
    seminar = factories.course(audience="abroad")
    application = factories.overseas(seminar, country="KR")
    with pytest.raises(services.TrainingError):
        abroad.endorse(seoul, application.pk, endorsed=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        abroad.endorse(seoul, application.pk, endorsed=False, comment="Apply next year")
    assert len(mail.outbox) == 1 and "Apply next year" in mail.outbox[0].body


def test_hq_selects_within_places_the_participant_gets_programme_and_checklist(
    client, cast, seoul, django_capture_on_commit_callbacks
):
    seminar = factories.course(audience="abroad", capacity=1)
    ProgrammeItem.objects.create(
        course=seminar,
        starts_on=seminar.starts_on,
        ends_on=seminar.starts_on + datetime.timedelta(days=4),
        place_en="Tokyo",
        place_ja="東京",
        activity_en="Lectures on Japanese local government",
        activity_ja="日本の地方自治に関する講義",
    )
    first = factories.overseas(seminar, country="KR", name="Kim Minji")
    second = factories.overseas(seminar, country="KR", name="Lee Jisoo")
    for application in (first, second):
        abroad.endorse(seoul, application.pk, endorsed=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        abroad.select(cast.hq, first.pk)
        abroad.select(cast.hq, second.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (State.SELECTED, State.WAITING)
    assert {t.kind for t in first.tasks.all()} == set(ParticipantTask.Kind.values)
    visa = first.tasks.get(kind="visa")
    assert visa.due_on == seminar.starts_on - datetime.timedelta(days=45)
    link = reverse("training:participant", args=[first.participant_token])
    assert any(link in m.body for m in mail.outbox)
    page = client.get(link)
    assert "Lectures on Japanese local government" in page.content.decode()
    # The place is cancelled: the link dies, the waiting list moves up, with its own link.
    abroad.cancel_place(cast.hq, first.pk, comment="Cannot travel")
    assert client.get(link).status_code == 404
    second.refresh_from_db()
    assert second.state == State.SELECTED and second.participant_token


def test_hq_marks_a_task_done_and_reminders_go_once(client, cast):
    seminar = factories.course(audience="abroad")
    participant = factories.selected_participant(seminar, hq=cast.hq)
    task = participant.tasks.get(kind="insurance")
    today = task.due_on - datetime.timedelta(days=3)
    assert abroad.remind_tasks(today) >= 1
    assert abroad.remind_tasks(today) == 0
    client.force_login(cast.hq)
    client.post(reverse("training:task_done", args=[participant.pk, task.pk]))
    task.refresh_from_db()
    assert task.done_on is not None


def test_the_offices_list_pins_its_queries(client, cast, django_assert_max_num_queries):
    seminar = factories.course(audience="abroad")
    for i in range(3):
        factories.overseas(seminar, country="GB", name=f"Name{i} Surname")
    client.force_login(cast.office_a)
    # Session, user, roles, office (twice: the list and the navigation), count, page.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training:overseas_applications"))
    assert len(response.context["page"].object_list) == 3
