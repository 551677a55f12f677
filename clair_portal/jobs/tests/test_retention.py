"""Finished jobs and their files are deleted after the retention period; nothing else is."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from clair_portal.jobs.models import Job
from clair_portal.jobs.tasks import purge_old_jobs

pytestmark = pytest.mark.django_db


def finished(user, state, *, days_ago, name=""):
    now = timezone.now()
    job = Job.objects.create(
        kind="office-directory-csv",
        requested_by=user,
        language=user.language,
        state=state,
        deadline=now,
        finished_at=now - timedelta(days=days_ago),
        result_path=name,
    )
    if name:
        path = Path(settings.JOB_RESULTS_DIR) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a report")
    return job


def test_jobs_past_the_retention_period_go_with_their_files(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.JOB_RETENTION_DAYS = 30
    old = finished(cast.office_a, Job.State.SUCCEEDED, days_ago=31, name="1-old.csv")
    old_failure = finished(cast.office_a, Job.State.FAILED, days_ago=45)
    recent = finished(cast.office_a, Job.State.SUCCEEDED, days_ago=29, name="2-recent.csv")
    running = Job.objects.create(
        kind="office-directory-csv",
        requested_by=cast.office_a,
        state=Job.State.RUNNING,
        deadline=timezone.now(),
    )
    Job.objects.filter(pk=running.pk).update(created_at=timezone.now() - timedelta(days=90))

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_old_jobs.delay().get() == 2

    remaining = set(Job.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, running.pk}
    assert old.pk not in remaining and old_failure.pk not in remaining
    results = Path(settings.JOB_RESULTS_DIR)
    assert not (results / "1-old.csv").exists()
    assert (results / "2-recent.csv").exists()
    # Nothing left to purge: a second run deletes nothing.
    assert purge_old_jobs.delay().get() == 0
