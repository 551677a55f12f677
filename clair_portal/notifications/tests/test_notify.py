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

    def refuse(self, fail_silently=False):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", refuse)
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
