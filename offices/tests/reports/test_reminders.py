"""Deadline reminders and overdue notices: in the office's local time, once, and not after submitting."""

import time as clock
from datetime import UTC, date, datetime, time

import pytest

from clair_portal.notifications.models import Notification
from offices import services
from offices.models import Office, Report, ReportReminder, ReportType, ReportTypeOfficeRule
from offices.tests.reports.factories import filed_report

MARCH = date(2026, 3, 1)


def london_rule(**fields):
    """London's monthly report due on the 1st of the next month, reminded 7 days before."""
    ReportTypeOfficeRule.objects.create(
        report_type=ReportType.objects.get(code="monthly-activity"),
        office=Office.objects.get(code="london"),
        **{"due_day": 1, "due_time": time(23, 59), "reminder_days": 7, **fields},
    )


def london_march(kind):
    return ReportReminder.objects.filter(office__code="london", period_start=MARCH, kind=kind)


def run(now, capture):
    with capture(execute=True):
        return services.queue_reminders(now)


@pytest.mark.django_db
def test_reminder_follows_london_wall_clock_across_the_change_to_summer_time(
    cast, django_capture_on_commit_callbacks
):
    london_rule()
    # Due 1 April 23:59 BST (22:59 UTC). Seven days before on London's clock is
    # 25 March 23:59 GMT = 23:59 UTC, not 22:59 UTC as 7 x 24 hours would give.
    run(datetime(2026, 3, 25, 23, 30, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert not london_march("due_soon").exists()
    run(datetime(2026, 3, 26, 0, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    reminder = london_march("due_soon").get()
    assert reminder.sent_at is not None
    assert reminder.due_at == datetime(2026, 4, 1, 22, 59, tzinfo=UTC)
    note = Notification.objects.get(
        user=cast.office_a, event_key=f"office-report-reminder-{reminder.pk}"
    )
    assert "1 April 2026, 23:59 (London time (BST))" in note.body
    # Paris staff are not reminded of London's report; HQ is not bothered before it is late.
    assert not Notification.objects.filter(user=cast.hq, event_key=note.event_key).exists()
    assert not Notification.objects.filter(user=cast.office_b, body__contains="London").exists()


@pytest.mark.django_db
def test_overdue_notice_reaches_office_and_hq_once_and_reminders_are_never_sent_twice(
    cast, django_capture_on_commit_callbacks
):
    london_rule()
    run(datetime(2026, 3, 26, 0, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    run(datetime(2026, 3, 27, 0, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert london_march("due_soon").count() == 1
    # 22:58 UTC on 1 April is 23:58 in London: not overdue yet.
    run(datetime(2026, 4, 1, 22, 58, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert not london_march("overdue").exists()
    for _ in range(2):
        run(datetime(2026, 4, 1, 23, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    overdue = london_march("overdue").get()
    key = f"office-report-reminder-{overdue.pk}"
    assert Notification.objects.filter(event_key=key, user=cast.office_a).count() == 1
    assert Notification.objects.filter(event_key=key, user=cast.hq).count() == 1
    assert Notification.objects.filter(event_key=key, user=cast.superuser).count() == 1
    assert not Notification.objects.filter(
        event_key=key, user__in=[cast.office_b, cast.participant]
    ).exists()
    assert services.send_reminder(overdue.pk) is False  # already claimed


@pytest.mark.django_db
def test_reminders_stop_once_the_report_is_submitted(cast, django_capture_on_commit_callbacks):
    london_rule()
    report = filed_report(cast.office_a, "2026-03-01", submit=True)
    assert report.first_submitted_at
    run(datetime(2026, 3, 26, 0, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    run(datetime(2026, 4, 2, 0, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert not london_march("due_soon").exists() and not london_march("overdue").exists()


@pytest.mark.django_db
def test_a_notice_recorded_before_the_submission_is_skipped_not_sent(cast):
    london_rule()
    reminder = ReportReminder.objects.create(
        office=Office.objects.get(code="london"),
        report_type=ReportType.objects.get(code="monthly-activity"),
        period_start=MARCH,
        kind=ReportReminder.Kind.DUE_SOON,
        due_at=datetime(2026, 4, 1, 22, 59, tzinfo=UTC),
    )
    filed_report(cast.office_a, "2026-03-01", submit=True)
    assert services.send_reminder(reminder.pk) is False
    reminder.refresh_from_db()
    assert (
        reminder.skipped
        and not Notification.objects.filter(event_key__startswith="office-report-reminder").exists()
    )


@pytest.mark.django_db
def test_returned_report_counts_as_submitted_for_reminders(
    cast, django_capture_on_commit_callbacks
):
    london_rule()
    report = filed_report(cast.office_a, "2026-03-01", submit=True)
    services.return_report(cast.hq, report.pk, "More detail, please.")
    assert Report.objects.get(pk=report.pk).state == Report.State.RETURNED
    run(datetime(2026, 4, 2, 0, 0, tzinfo=UTC), django_capture_on_commit_callbacks)
    assert not london_march("overdue").exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_notice_once_however_often_it_is_queued(
    cast, celery_worker_process
):
    from offices.tasks import send_report_reminder

    london_rule()
    now = datetime(2026, 3, 26, 0, 0, tzinfo=UTC)
    assert services.queue_reminders(now) >= 1
    reminder = london_march("due_soon").get()
    key = f"office-report-reminder-{reminder.pk}"
    wait_for(
        lambda: Notification.objects.filter(user=cast.office_a, event_key=key).exists(),
        celery_worker_process,
    )
    # The beat runs again, and someone enqueues the same notice by hand: nothing new.
    services.queue_reminders(now)
    send_report_reminder.delay(reminder.pk)
    send_report_reminder.delay(reminder.pk)
    wait_for(
        lambda: ReportReminder.objects.filter(sent_at__isnull=True).count() == 0,
        celery_worker_process,
    )
    clock.sleep(2)
    assert Notification.objects.filter(user=cast.office_a, event_key=key).count() == 1
    # London's one staff member has exactly one notification per notice for London.
    london_notices = ReportReminder.objects.filter(office__code="london", skipped=False).count()
    reminded = Notification.objects.filter(
        user=cast.office_a, event_key__startswith="office-report-reminder"
    )
    assert reminded.count() == london_notices >= 2  # March due soon, February overdue
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and not reminder.skipped


def wait_for(condition, worker, timeout=30):
    deadline = clock.monotonic() + timeout
    while not condition():
        if clock.monotonic() > deadline:
            pytest.fail(f"the worker did not do it in {timeout}s:\n{worker.output()[-3000:]}")
        clock.sleep(0.2)
