"""Courses: the public list and page, applying and nominating, endorsing, selecting
within capacity and the waiting list, each step told in the applicant's language."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clair_portal.notifications.models import Notification
from training import services
from training.models import Application, Course
from training.tests import factories

pytestmark = pytest.mark.django_db


def test_the_public_list_answers_everyone_in_a_pinned_number_of_queries(
    client, django_assert_max_num_queries
):
    for i in range(30):
        factories.course(title_en=f"Course {i}", title_ja=f"研修{i}")
    factories.course(title_en="Hidden", is_published=False)
    # Session-free anonymous page: the count of courses and the page of them (2),
    # the navigation's and the demo notice's reads (at most 2 more).
    with django_assert_max_num_queries(4):
        response = client.get(reverse("training:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Course 0" in text and "Hidden" not in text
    assert len(response.context["page"].object_list) == 25


def test_the_list_is_in_japanese_with_japanese_titles(client):
    factories.course()
    response = client.get("/ja/training/")
    assert "地方自治体幹部のための国際政策研修" in response.content.decode()


def test_the_filters_choose_and_an_unknown_value_is_ignored(client):
    factories.course(title_en="By JIAM", provider=Course.Provider.JIAM)
    factories.course(title_en="By CLAIR")
    text = client.get(reverse("training:index"), {"provider": "jiam"}).content.decode()
    assert "By JIAM" in text and "By CLAIR" not in text
    response = client.get(reverse("training:index"), {"provider": "nobody"})
    assert response.status_code == 200


def test_a_course_page_tells_an_officer_how_to_apply(client, people):
    course = factories.course()
    assert client.get(reverse("training:course", args=[course.pk])).status_code == 200
    client.force_login(people.officer)
    response = client.get(reverse("training:course", args=[course.pk]))
    assert reverse("training:apply", args=[course.pk]) in response.content.decode()


def test_an_unpublished_course_is_missing_to_the_public(client):
    course = factories.course(is_published=False)
    assert client.get(reverse("training:course", args=[course.pk])).status_code == 404


def test_an_officer_applies_and_the_approver_is_told_in_their_language(client, people):
    course = factories.course()
    client.force_login(people.officer)
    membership = people.officer.organisation_memberships.get()
    response = client.post(
        reverse("training:apply", args=[course.pk]),
        {"applicant": membership.pk, "motivation": "To start a partnership programme."},
    )
    application = Application.objects.get()
    assert response.url == reverse("training:application", args=[application.pk])
    assert application.state == Application.State.PENDING
    assert application.applicant == people.officer
    note = Notification.objects.get(user=people.approver)
    assert "International policy" in note.subject


def test_an_officer_nominates_a_colleague_who_is_told(people):
    course = factories.course()
    application = services.apply(
        people.officer, course.pk, applicant=people.colleague, motivation="Our next leader."
    )
    assert application.nominated_by == people.officer
    assert Notification.objects.filter(
        user=people.colleague, event_key__endswith="nominated"
    ).exists()


def test_only_a_colleague_of_the_same_organisation_can_be_nominated(client, people):
    course = factories.course()
    stranger = people.other.organisation_memberships.get()
    client.force_login(people.officer)
    response = client.post(
        reverse("training:apply", args=[course.pk]),
        {"applicant": stranger.pk, "motivation": "x"},
    )
    assert response.status_code == 400
    with pytest.raises(services.TrainingError):
        services.apply(people.officer, course.pk, applicant=people.other, motivation="x")
    assert not Application.objects.exists()


def test_a_second_application_for_the_same_person_is_refused_and_the_input_kept(client, people):
    course = factories.course()
    services.apply(people.officer, course.pk, motivation="First")
    client.force_login(people.officer)
    membership = people.officer.organisation_memberships.get()
    response = client.post(
        reverse("training:apply", args=[course.pk]),
        {"applicant": membership.pk, "motivation": "Second try"},
    )
    assert response.status_code == 400
    assert "Second try" in response.content.decode()
    assert Application.objects.count() == 1


def test_a_closed_course_takes_no_application(people):
    now = timezone.now()
    course = factories.course(
        opens=now - timezone.timedelta(days=10), closes=now - timezone.timedelta(days=1)
    )
    with pytest.raises(services.TrainingError, match="not taking"):
        services.apply(people.officer, course.pk, motivation="Late")


def test_the_approver_endorses_on_the_page_and_the_applicant_is_told_in_japanese(client, people):
    course = factories.course()
    application = services.apply(people.officer, course.pk, motivation="To learn")
    client.force_login(people.approver)
    page = client.get(reverse("training:application", args=[application.pk]))
    assert page.context["can_endorse"]
    response = client.post(
        reverse("training:endorse", args=[application.pk]), {"outcome": "endorse"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.ENDORSED
    assert application.endorsed_by == people.approver
    note = Notification.objects.get(user=people.officer, event_key__endswith="endorsement")
    assert note.language == "ja"
    assert "自治体国際化協会" in note.body or "推薦" in note.body


def test_declining_needs_a_reason(client, people):
    course = factories.course()
    application = services.apply(people.officer, course.pk, motivation="To learn")
    client.force_login(people.approver)
    response = client.post(
        reverse("training:endorse", args=[application.pk]), {"outcome": "decline"}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.state == Application.State.PENDING


def test_another_organisations_approver_sees_nothing(client, people):
    course = factories.course()
    application = services.apply(people.officer, course.pk, motivation="To learn")
    factories.approver(people.other)
    client.force_login(people.other)
    url = reverse("training:application", args=[application.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("training:endorse", args=[application.pk]), {"outcome": "endorse"}
        ).status_code
        == 404
    )


def test_an_approvers_own_application_goes_straight_to_clair(people):
    course = factories.course()
    application = services.apply(people.approver, course.pk, motivation="To lead")
    assert application.state == Application.State.ENDORSED


def test_hq_selects_within_capacity_then_the_waiting_list_in_order(client, people):
    course = factories.course(capacity=1)
    first = factories.endorsed(people.officer, course, approver_user=people.approver)
    second = factories.endorsed(people.colleague, course, approver_user=people.approver)
    third = factories.endorsed(people.approver, course, approver_user=people.approver)
    client.force_login(people.hq)
    for application in (first, second, third):
        response = client.post(
            reverse("training:decide", args=[application.pk]), {"outcome": "select"}
        )
        assert response.status_code == 302
    states = dict(Application.objects.values_list("pk", "state"))
    assert states == {first.pk: "selected", second.pk: "waiting", third.pk: "waiting"}
    assert Notification.objects.filter(
        user=people.colleague, event_key__endswith="waiting"
    ).exists()

    # The selected officer withdraws: the first on the waiting list gets the place, and is told.
    services.withdraw(people.officer, first.pk)
    states = dict(Application.objects.values_list("pk", "state"))
    assert states == {first.pk: "withdrawn", second.pk: "selected", third.pk: "waiting"}
    assert Notification.objects.filter(
        user=people.colleague, event_key__endswith="selected"
    ).exists()


def test_more_places_promote_the_waiting_list_and_fewer_than_given_are_refused(people):
    course = factories.course(capacity=1)
    first = factories.endorsed(people.officer, course, approver_user=people.approver)
    second = factories.endorsed(people.colleague, course, approver_user=people.approver)
    services.select(people.hq, first.pk)
    services.select(people.hq, second.pk)
    course.capacity = 0
    with pytest.raises(services.TrainingError, match="1 places"):
        services.save_course(people.hq, course)
    course.capacity = 2
    services.save_course(people.hq, course)
    second.refresh_from_db()
    assert second.state == Application.State.SELECTED


def test_hq_does_not_select_with_a_reason_and_the_applicant_reads_it(people):
    course = factories.course()
    application = factories.endorsed(people.officer, course, approver_user=people.approver)
    with pytest.raises(services.TrainingError):
        services.decline(people.hq, application.pk, comment=" ")
    services.decline(people.hq, application.pk, comment="Already trained last year")
    note = Notification.objects.get(user=people.officer, event_key__endswith="not-selected")
    assert "Already trained last year" in note.body


def test_a_pending_application_cannot_be_selected(people):
    course = factories.course()
    application = services.apply(people.officer, course.pk, motivation="x")
    with pytest.raises(services.TrainingError):
        services.select(people.hq, application.pk)


def test_the_officers_list_and_hqs_lists_pin_their_queries(
    client, people, django_assert_max_num_queries
):
    course = factories.course()
    for user in (people.officer, people.colleague):
        factories.endorsed(user, course, approver_user=people.approver)
    client.force_login(people.approver)
    # Session, user, roles, membership, approver flag; count and page; navigation tasks.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("training:applications")).status_code == 200
    client.force_login(people.hq)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:course_applications", args=[course.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:decisions"))
    assert len(response.context["page"].object_list) == 2


def test_the_organisations_home_shows_the_approver_what_to_endorse(client, people):
    course = factories.course()
    services.apply(people.officer, course.pk, motivation="To learn")
    client.force_login(people.approver)
    text = client.get(reverse("organisations:home")).content.decode()
    assert reverse("training:applications") in text
    assert "International policy" in text


def test_hq_changes_places_in_the_admin_through_the_service(client, people):
    course = factories.course(capacity=1)
    application = factories.endorsed(people.officer, course, approver_user=people.approver)
    services.select(people.hq, application.pk)
    client.force_login(people.hq)
    url = reverse("admin:training_course_change", args=[course.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    for name in ("opens_at", "closes_at"):
        moment = timezone.localtime(data.pop(name))
        data[f"{name}_0"], data[f"{name}_1"] = (
            moment.date().isoformat(),
            moment.strftime("%H:%M:%S"),
        )
    data["capacity"] = 0
    response = client.post(url, data)
    assert response.status_code == 200
    assert "cannot have fewer" in response.content.decode()
    course.refresh_from_db()
    assert course.capacity == 1
