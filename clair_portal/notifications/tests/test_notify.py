import pytest
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.notifications import services
from clair_portal.notifications.models import Notification
from clair_portal.notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db


def notify(user, key="report-1-ready", **extra):
    fields = {"subject": "Report ready", "body": "Your report is ready.", "url": "/en/jobs/1/"}
    return services.notify(user, event_key=key, **{**fields, **extra})


def test_notify_makes_one_inbox_entry_and_sends_one_email(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(cast.office_a)

    assert Notification.objects.for_user(cast.office_a).get() == notification
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["london.staff@example.org"]
    assert email.subject == "Report ready"
    assert "Your report is ready." in email.body
    assert "/en/jobs/1/" in email.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_notifying_the_same_event_twice_sends_nothing_the_second_time(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(cast.office_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = notify(cast.office_a, subject="Something else")

    assert second == first
    assert callbacks == []
    assert Notification.objects.count() == 1
    assert Notification.objects.get().subject == "Report ready"
    assert len(mailoutbox) == 1


def test_the_same_event_reaches_each_person_once(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(cast.office_a)
        notify(cast.office_b)
        notify(cast.office_b)

    assert sorted(m.to[0] for m in mailoutbox) == [
        "london.staff@example.org",
        "paris.staff@example.org",
    ]


def test_email_task_run_twice_sends_one_email(cast, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(cast.office_a)

    assert send_notification_email(notification.pk) is False
    assert send_notification_email.delay(notification.pk).get() is False
    assert len(mailoutbox) == 1


def test_no_email_before_the_transaction_commits_and_none_after_a_rollback(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(cast.office_a)
        assert mailoutbox == []
        raise RuntimeError("the event itself failed")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_refused_email_is_released_for_a_retry(
    cast, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify(cast.office_a)

    def refuse(self, messages):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        with pytest.raises(OSError):
            services.send_email(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None

    assert services.send_email(notification.pk) is True
    assert len(mailoutbox) == 1


def test_inactive_user_gets_the_inbox_entry_but_no_email(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    cast.office_a.is_active = False
    cast.office_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(cast.office_a)

    assert Notification.objects.filter(user=cast.office_a).exists()
    assert mailoutbox == []


def test_line_breaks_cannot_reach_the_subject(cast, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        notify(cast.office_a, subject="Ready\nBcc: someone@example.com")

    assert mailoutbox[0].subject == "Ready Bcc: someone@example.com"
    assert mailoutbox[0].message()["Bcc"] is None


def test_lazy_texts_come_out_in_the_recipients_language(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    cast.office_b.language = "ja"
    cast.office_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            cast.office_b,
            event_key="inbox-test",
            subject=_("Inbox"),
            body=format_lazy("{}: {}", _("Mark all as read"), "42"),
            url=reverse_lazy("notifications:inbox"),
        )
        services.notify(
            cast.office_a,
            event_key="inbox-test",
            subject=_("Inbox"),
            body=format_lazy("{}: {}", _("Mark all as read"), "42"),
            url=reverse_lazy("notifications:inbox"),
        )

    japanese = Notification.objects.get(user=cast.office_b)
    assert (japanese.language, japanese.subject, japanese.body, japanese.url) == (
        "ja",
        "受信箱",
        "すべて既読にする: 42",
        "/ja/inbox/",
    )
    english = Notification.objects.get(user=cast.office_a)
    assert (english.subject, english.url) == ("Inbox", "/en/inbox/")

    by_address = {m.to[0]: m for m in mailoutbox}
    japanese_email = by_address["paris.staff@example.org"]
    assert japanese_email.subject == "受信箱"
    assert "すべて既読にする: 42" in japanese_email.body
    assert "お知らせはすべて、CLAIRポータルの受信箱で確認できます" in japanese_email.body
    assert "You can read all your notifications" in by_address["london.staff@example.org"].body


def inbox_message(user, key="batch-1"):
    return services.Message(
        user,
        key,
        subject=_("Inbox"),
        body=format_lazy("{}: {}", _("Mark all as read"), "42"),
        url=reverse_lazy("notifications:inbox"),
    )


def test_notify_many_tells_each_person_once_in_their_language_with_one_email_task(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    cast.office_b.language = "ja"
    cast.office_b.save()
    people = [cast.office_a, cast.office_b]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = services.notify_many([inbox_message(p) for p in people])
    assert len(created) == 2
    assert len(callbacks) == 1  # one task sends both e-mails
    japanese = Notification.objects.get(user=cast.office_b)
    assert (japanese.language, japanese.subject, japanese.url) == ("ja", "受信箱", "/ja/inbox/")
    assert Notification.objects.get(user=cast.office_a).subject == "Inbox"
    by_address = {m.to[0]: m for m in mailoutbox}
    assert by_address["paris.staff@example.org"].subject == "受信箱"
    assert "お知らせはすべて" in by_address["paris.staff@example.org"].body
    assert by_address["london.staff@example.org"].subject == "Inbox"

    # Again, and once more within one call: nothing new, nothing sent.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.notify_many([inbox_message(p) for p in people * 2])
    assert again == [] and callbacks == []
    assert Notification.objects.count() == 2 and len(mailoutbox) == 2


def test_notify_many_queries_do_not_grow_with_people(cast, django_assert_max_num_queries):
    from conftest import make_user

    many = [make_user(f"many{i}@example.org") for i in range(30)]
    # savepoint, the INSERT of every entry, release
    with django_assert_max_num_queries(3):
        services.notify_many([inbox_message(u) for u in many])
    assert Notification.objects.count() == 30


def test_notify_many_gives_an_inactive_person_the_inbox_entry_only(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    cast.office_a.is_active = False
    cast.office_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_many([inbox_message(cast.office_a), inbox_message(cast.office_b)])
    assert Notification.objects.count() == 2
    assert [m.to for m in mailoutbox] == [["paris.staff@example.org"]]


def test_a_batch_refused_half_way_releases_only_the_unsent_emails(
    cast, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        ids = services.notify_many([inbox_message(cast.office_a), inbox_message(cast.office_b)])
    from django.core.mail.backends.locmem import EmailBackend

    send = EmailBackend.send_messages

    def refuse_the_second(self, messages):
        if mailoutbox:
            raise OSError("mail server down")
        return send(self, messages)

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse_the_second)
        with pytest.raises(OSError):
            services.send_emails(ids)
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    # The retry sends the other one only.
    assert services.send_emails(ids) == 1
    assert services.send_emails(ids) == 0
    assert sorted(m.to[0] for m in mailoutbox) == [
        "london.staff@example.org",
        "paris.staff@example.org",
    ]
