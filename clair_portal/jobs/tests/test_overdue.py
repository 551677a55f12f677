from datetime import timedelta

import pytest
from django.utils import timezone

from clair_portal.jobs import services
from clair_portal.jobs.models import Job
from clair_portal.jobs.tasks import fail_overdue_jobs
from clair_portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def make_job(user, state, *, heartbeat_age=None, deadline_in=timedelta(minutes=30)):
    now = timezone.now()
    heartbeat = now - heartbeat_age if heartbeat_age is not None else None
    return Job.objects.create(
        kind="office-directory-csv",
        requested_by=user,
        language=user.language,
        state=state,
        started_at=heartbeat,
        heartbeat_at=heartbeat,
        deadline=now + deadline_in,
        result_path="1-abc.csv" if state == Job.State.SUCCEEDED else "",
    )


def test_a_running_job_whose_worker_went_silent_is_failed(
    cast, settings, django_capture_on_commit_callbacks, mailoutbox
):
    job = make_job(cast.office_a, Job.State.RUNNING, heartbeat_age=timedelta(minutes=6))
    partial = services.partial_path(job)
    partial.write_text("half a report")

    with django_capture_on_commit_callbacks(execute=True):
        assert fail_overdue_jobs.delay().get() == 1

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.finished_at is not None
    assert job.error_message.startswith("The worker producing the report stopped")
    assert not partial.exists()
    assert Notification.objects.get(user=cast.office_a).event_key == f"job-{job.pk}-finished"
    assert len(mailoutbox) == 1


def test_a_job_past_its_deadline_is_failed_even_if_it_never_started(cast):
    job = make_job(cast.office_a, Job.State.QUEUED, deadline_in=-timedelta(seconds=1))

    assert services.fail_overdue_jobs() == 1

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error_message.startswith("The report did not start before its deadline")


def test_a_running_job_past_its_deadline_is_failed_though_it_still_beats(cast):
    job = make_job(
        cast.office_a,
        Job.State.RUNNING,
        heartbeat_age=timedelta(seconds=1),
        deadline_in=-timedelta(seconds=1),
    )

    assert services.fail_overdue_jobs() == 1

    job.refresh_from_db()
    assert job.state == Job.State.FAILED


def test_live_queued_and_finished_jobs_are_left_alone(cast):
    jobs = [
        make_job(cast.office_a, Job.State.RUNNING, heartbeat_age=timedelta(minutes=4)),
        make_job(cast.office_a, Job.State.QUEUED),
        make_job(cast.office_a, Job.State.SUCCEEDED, heartbeat_age=timedelta(days=2)),
        make_job(
            cast.office_a,
            Job.State.FAILED,
            heartbeat_age=timedelta(days=2),
            deadline_in=-timedelta(days=1),
        ),
    ]

    assert services.fail_overdue_jobs() == 0

    assert [Job.objects.get(pk=job.pk).state for job in jobs] == [
        "running",
        "queued",
        "succeeded",
        "failed",
    ]
    assert not Notification.objects.exists()


def test_failing_overdue_jobs_twice_fails_and_notifies_once(
    cast, django_capture_on_commit_callbacks, mailoutbox
):
    make_job(cast.office_a, Job.State.RUNNING, heartbeat_age=timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.fail_overdue_jobs() == 1
        assert services.fail_overdue_jobs() == 0

    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_failure_message_is_in_the_language_of_the_job(cast):
    cast.office_b.language = "ja"
    cast.office_b.save()
    job = make_job(cast.office_b, Job.State.RUNNING, heartbeat_age=timedelta(hours=1))

    services.fail_overdue_jobs()

    job.refresh_from_db()
    assert job.error_message.startswith("レポートを作成していたワーカーが")
