"""The send-once helper against real PostgreSQL: claimed once, marked only once the mail
server accepted, released on a refusal, and a dead worker's claim released by the sweep."""

import threading
from datetime import timedelta

import pytest
from celery import current_app
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from clair_portal.notifications import sending, services
from clair_portal.notifications.models import Notification, SendClaim
from clair_portal.notifications.tasks import send_notification_email

TASK = "clair_portal.notifications.tasks.send_notification_email"


def inbox_entry(user, key="event-1") -> Notification:
    """An inbox entry whose e-mail is not yet queued (as between notify's commit and the task)."""
    return Notification.objects.create(
        user=user, event_key=key, language="en", subject="Report ready", body="It is ready."
    )


def claim_of(notification) -> SendClaim | None:
    return SendClaim.objects.filter(
        target="notifications.notification", object_id=notification.pk, column="emailed_at"
    ).first()


@pytest.mark.django_db
def test_a_record_claimed_twice_is_sent_once(cast, mailoutbox):
    notification = inbox_entry(cast.office_a)

    assert services.send_email(notification.pk) is True
    assert services.send_email(notification.pk) is False

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert claim_of(notification) is None  # a sent record holds no claim


@pytest.mark.django_db(transaction=True)
def test_a_second_worker_sends_nothing_while_the_first_is_sending(cast, mailoutbox, monkeypatch):
    notification = inbox_entry(cast.office_a)
    in_send, release = threading.Event(), threading.Event()
    send = EmailBackend.send_messages

    def slow_server(self, messages):
        in_send.set()
        assert release.wait(10)
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", slow_server)
    results = {}

    def first_worker():
        try:
            results["first"] = services.send_email(notification.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    try:
        assert in_send.wait(10)
        # The first worker's claim is committed and the server has not answered yet.
        assert claim_of(notification) is not None
        assert Notification.objects.get(pk=notification.pk).emailed_at is None
        assert services.send_email(notification.pk) is False
    finally:
        release.set()
        worker.join(10)
    assert results == {"first": True}
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_refused_email_is_released_and_its_task_retries_it(cast, mailoutbox, monkeypatch):
    notification = inbox_entry(cast.office_a)
    send = EmailBackend.send_messages
    answers = []

    def refuse_once(self, messages):
        if not answers:
            answers.append("refused")
            assert claim_of(notification) is not None  # claimed while the server answers
            raise OSError("421 try again later")
        answers.append("accepted")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_once)
    retried = []
    monkeypatch.setattr(
        send_notification_email, "retry", _recording_retry(send_notification_email, retried)
    )

    # As a worker runs it: a retry is queued again rather than raised to the caller.
    result = send_notification_email.apply(args=[notification.pk], throw=False)
    assert result.get() is True

    # Celery retried with its backoff (the first countdown is at most retry_backoff).
    assert len(retried) == 1 and 0 <= retried[0] <= sending.RETRY["retry_backoff"]
    assert answers == ["refused", "accepted"]
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None and claim_of(notification) is None


def _recording_retry(task, countdowns):
    """Task.retry that notes the backoff countdown Celery chose, then retries as usual."""
    retry = task.retry

    def recording(*args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return retry(*args, **kwargs)

    return recording


@pytest.mark.django_db
def test_a_refusal_leaves_the_record_unsent_and_unclaimed(cast, mailoutbox, monkeypatch):
    notification = inbox_entry(cast.office_a)

    def refuse(self, messages):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with pytest.raises(OSError):
        services.send_email(notification.pk)

    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert claim_of(notification) is None
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_stale_claim_is_released_by_the_sweep_and_sent_once(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    notification = inbox_entry(cast.office_a)
    # A worker claimed it and died before the mail server answered.
    died_at = timezone.now() - timedelta(seconds=settings.SEND_CLAIM_TIMEOUT + 1)
    SendClaim.objects.create(
        target="notifications.notification",
        object_id=notification.pk,
        column="emailed_at",
        task=TASK,
        args=[],
        claimed_at=died_at,
    )
    # A redelivered task finds it claimed and leaves it to the claim's owner.
    assert services.send_email(notification.pk) is False
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert sending.release_stale_claims() == 1

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None and claim_of(notification) is None
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.release_stale_claims() == 0
    assert services.send_email(notification.pk) is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_sweep_leaves_a_claim_younger_than_the_timeout(cast, mailoutbox):
    notification = inbox_entry(cast.office_a)
    SendClaim.objects.create(
        target="notifications.notification",
        object_id=notification.pk,
        column="emailed_at",
        task=TASK,
        claimed_at=timezone.now() - timedelta(seconds=settings.EMAIL_TIMEOUT),
    )
    assert sending.release_stale_claims() == 0
    assert claim_of(notification) is not None and mailoutbox == []


@pytest.mark.django_db
def test_a_send_that_raises_after_the_server_accepted_is_not_resent(cast, mailoutbox, monkeypatch):
    notification = inbox_entry(cast.office_a)

    def drop_on_goodbye(self):
        raise OSError("connection reset after 250 OK")

    monkeypatch.setattr(EmailBackend, "close", drop_on_goodbye, raising=False)
    assert services.send_email(notification.pk) is True
    notification.refresh_from_db()
    assert notification.emailed_at is not None

    # The task failing afterwards for any reason and being run again sends nothing.
    assert services.send_email(notification.pk) is False
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_batch_refused_half_way_resends_only_what_the_server_did_not_accept(
    cast, mailoutbox, monkeypatch
):
    first, second = inbox_entry(cast.office_a), inbox_entry(cast.office_b)
    send = EmailBackend.send_messages

    def refuse_the_second(self, messages):
        if mailoutbox:
            raise OSError("452 too many recipients")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_the_second)
    with pytest.raises(OSError):
        services.send_emails([first.pk, second.pk])
    monkeypatch.undo()

    assert services.send_emails([first.pk, second.pk]) == 1
    assert [m.to for m in mailoutbox] == [[cast.office_a.email], [cast.office_b.email]]
    assert not SendClaim.objects.exists()


@pytest.mark.django_db
def test_a_record_busy_with_other_arguments_is_retried_later(cast, mailoutbox):
    notification = inbox_entry(cast.office_a)
    SendClaim.objects.create(
        target="notifications.notification",
        object_id=notification.pk,
        column="emailed_at",
        task=TASK,
        args=["another decision"],
        claimed_at=timezone.now(),
    )
    with pytest.raises(sending.ClaimBusy):
        services.send_email(notification.pk)
    assert mailoutbox == []


@pytest.mark.django_db
def test_send_once_names_a_task_the_sweep_can_run():
    with pytest.raises(ValueError, match="no task named"):
        sending.send_once(Notification.objects.all(), "emailed_at", None, task="no.such.task")
    beat = settings.CELERY_BEAT_SCHEDULE["notifications-release-stale-claims"]
    assert beat["task"] in current_app.tasks


@pytest.mark.django_db(transaction=True)
def test_claim_takes_each_row_once_inside_the_sending_transaction(cast):
    notification = inbox_entry(cast.office_a)
    due = Notification.objects.filter(pk=notification.pk, read_at__isnull=True)
    with pytest.raises(TransactionManagementError):
        sending.claim(due, read_at=timezone.now())

    with transaction.atomic():
        assert sending.claim(due, read_at=timezone.now()) == [notification.pk]
        assert sending.claim(due, read_at=timezone.now()) == []


@pytest.mark.django_db
def test_a_claim_rolled_back_with_its_send_leaves_the_row_for_the_next_run(cast):
    notification = inbox_entry(cast.office_a)
    due = Notification.objects.filter(pk=notification.pk, read_at__isnull=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert sending.claim(due, read_at=timezone.now()) == [notification.pk]
        raise RuntimeError("the worker died while writing what it sends")
    with transaction.atomic():
        assert sending.claim(due, read_at=timezone.now()) == [notification.pk]


@pytest.mark.django_db
def test_claim_takes_a_chunk_in_one_statement_and_a_limit_in_id_order(
    cast, django_assert_num_queries
):
    entries = [inbox_entry(cast.office_a, key=f"event-{n}") for n in range(5)]
    due = Notification.objects.filter(pk__in=[e.pk for e in entries], read_at__isnull=True)
    with transaction.atomic():
        with django_assert_num_queries(1):  # UPDATE ... WHERE pk IN (... FOR UPDATE) RETURNING
            first = sending.claim(due, limit=3, read_at=timezone.now())
        assert first == sorted(e.pk for e in entries)[:3]
        assert sending.claim(due, read_at=timezone.now()) == sorted(e.pk for e in entries)[3:]
        assert sending.claim(Notification.objects.filter(pk__in=[]), read_at=timezone.now()) == []


@pytest.mark.django_db(transaction=True)
def test_send_once_claims_a_chunk_in_one_statement_and_marks_each_message_in_one(
    cast, mailoutbox, django_assert_max_num_queries
):
    entries = [inbox_entry(cast.office_a, key=f"event-{n}") for n in range(20)]
    # The claim (BEGIN, one statement, COMMIT), the records, one UPDATE per
    # message between the two statements that set and reset its commit mode, and
    # the chunk's claims dropped (BEGIN, DELETE, COMMIT): not a transaction each.
    with django_assert_max_num_queries(20 + 9):
        assert services.send_emails([e.pk for e in entries]) == 20
    assert len(mailoutbox) == 20
    assert not Notification.objects.filter(pk__in=[e.pk for e in entries], emailed_at=None)
    assert not SendClaim.objects.exists()
    assert services.send_emails([e.pk for e in entries]) == 0
    assert services.send_emails([]) == 0
    assert len(mailoutbox) == 20
