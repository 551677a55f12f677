from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clair_portal.notifications.context_processors import inbox as inbox_context
from clair_portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def make_notification(user, key, *, read=False, age_minutes=0):
    notification = Notification.objects.create(
        user=user,
        event_key=key,
        language=user.language,
        subject=f"Subject {key}",
        body=f"Body {key}",
        url="/en/jobs/",
        read_at=timezone.now() if read else None,
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=age_minutes)
    )
    return notification


def login(client, user):
    client.force_login(user)


def test_inbox_lists_my_notifications_unread_first_then_newest(client, cast):
    make_notification(cast.office_a, "old-unread", age_minutes=30)
    make_notification(cast.office_a, "new-read", read=True, age_minutes=1)
    make_notification(cast.office_a, "new-unread", age_minutes=5)
    make_notification(cast.office_b, "someone-elses")
    login(client, cast.office_a)

    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 200
    keys = [n.event_key for n in response.context["page"].object_list]
    assert keys == ["new-unread", "old-unread", "new-read"]
    assert b"Subject someone-elses" not in response.content


def test_inbox_query_count_does_not_grow_with_notifications(
    client, cast, django_assert_max_num_queries
):
    for number in range(40):
        make_notification(cast.office_a, f"event-{number}")
    login(client, cast.office_a)

    # session, user, count of my notifications (paginator), one page of them,
    # unread notifications (header badge), the user's roles (the header's sections),
    # the office membership (office staff see their office's reports)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("notifications:inbox"))

    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 40


def test_marking_my_notification_read(client, cast):
    notification = make_notification(cast.office_a, "mine")
    login(client, cast.office_a)

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("role", ["participant", "office_b", "hq", "superuser"])
def test_marking_someone_elses_notification_read_answers_404(client, cast, role):
    notification = make_notification(cast.office_a, "not-yours")
    login(client, cast.by_role(role))

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_leaves_other_peoples_notifications_unread(client, cast):
    mine = [make_notification(cast.office_a, f"mine-{n}") for n in range(3)]
    theirs = make_notification(cast.office_b, "theirs")
    login(client, cast.office_a)

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, cast):
    notification = make_notification(cast.office_a, "mine")
    login(client, cast.office_a)

    assert client.get(reverse("notifications:mark_read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_needs_the_csrf_token(cast):
    from django.test import Client

    notification = make_notification(cast.office_a, "mine")
    client = Client(enforce_csrf_checks=True)
    login(client, cast.office_a)

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("name", ["inbox", "mark_all_read"])
def test_anonymous_visitor_is_sent_to_log_in(client, db, name):
    response = client.get(reverse(f"notifications:{name}"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [("en", "Inbox", "Mark all as read"), ("ja", "受信箱", "すべて既読にする")],
)
def test_inbox_renders_in_english_and_japanese(client, cast, language, heading, button):
    make_notification(cast.office_a, "one")
    login(client, cast.office_a)

    response = client.get(f"/{language}/inbox/")

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert button in response.content.decode()


def test_unread_count_for_templates_counts_only_my_unread(rf, cast, django_assert_num_queries):
    make_notification(cast.office_a, "unread-1")
    make_notification(cast.office_a, "unread-2")
    make_notification(cast.office_a, "read", read=True)
    make_notification(cast.office_b, "theirs")
    request = rf.get("/")
    request.user = cast.office_a

    context = inbox_context(request)

    with django_assert_num_queries(1):
        assert int(str(context["inbox_unread_count"])) == 2


def test_unread_count_for_anonymous_is_zero_without_a_query(rf, db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert inbox_context(request) == {"inbox_unread_count": 0}
