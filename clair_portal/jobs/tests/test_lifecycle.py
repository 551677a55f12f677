import logging

import pytest
from django.core.files.storage import default_storage
from django.utils.translation import get_language

from clair_portal.jobs import services
from clair_portal.jobs.models import Job
from clair_portal.jobs.tasks import run_job
from clair_portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def numbers(count):
    def rows(params):
        yield ["number", "square"]
        for n in range(count):
            yield [n, n * n]

    return rows


def test_job_is_queued_until_commit_then_runs_to_success(
    cast, register_kind, django_capture_on_commit_callbacks, settings
):
    kind = register_kind(numbers(25), count=lambda params: 25)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.request_job(cast.office_a, kind.key, {"year": 2010})
    job.refresh_from_db()
    assert (job.state, job.started_at, job.parameters) == ("queued", None, {"year": 2010})
    assert len(callbacks) == 1

    callbacks[0]()  # the commit hands the job id to the (eager) worker

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.rows_done, job.rows_total) == (25, 25)
    assert job.started_at <= job.heartbeat_at <= job.finished_at
    assert job.error_message == ""
    assert job.result_filename.startswith("test-report-") and job.result_filename.endswith(".csv")
    assert job.result_content_type == "text/csv; charset=utf-8"
    assert default_storage.exists(f"jobs/{job.result_path}")
    with services.open_result(job) as result:
        lines = result.read().decode("utf-8-sig").splitlines()
    assert lines[:3] == [
        "number,square",
        "0,0",
        "1,1",
    ]
    assert not list((settings.JOB_RESULTS_DIR / "partial").iterdir())


def test_the_job_is_written_in_the_language_it_was_requested_in(cast, register_kind):
    def rows(params):
        yield ["language"]
        yield [get_language()]

    kind = register_kind(rows)
    job = services.request_job(cast.office_a, kind.key, language="ja")
    run_job(job.pk)

    job.refresh_from_db()
    assert job.language == "ja"
    assert services.open_result(job).read().decode("utf-8-sig").split() == ["language", "ja"]


def test_the_job_is_written_in_the_requesters_language_by_default(cast, register_kind):
    cast.office_b.language = "ja"
    cast.office_b.save()
    kind = register_kind(numbers(1))

    job = services.request_job(cast.office_b, kind.key)

    assert job.language == "ja"


def test_running_a_job_twice_does_nothing_the_second_time(
    cast, register_kind, django_capture_on_commit_callbacks
):
    calls = []

    def rows(params):
        calls.append(1)
        yield ["only"]

    kind = register_kind(rows)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_job(cast.office_a, kind.key)
    job.refresh_from_db()
    first_result = job.result_path

    assert run_job(job.pk) is False
    assert services.run_job(job.pk) is False

    job.refresh_from_db()
    assert calls == [1]
    assert job.result_path == first_result
    assert Notification.objects.filter(user=cast.office_a).count() == 1


def test_only_one_claim_of_a_queued_job_succeeds(cast, register_kind):
    kind = register_kind(numbers(1))
    job = services.request_job(cast.office_a, kind.key)

    assert services.claim(job.pk) is True
    assert services.claim(job.pk) is False
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


def test_rows_are_written_chunk_by_chunk_with_progress_saved_after_each(cast, register_kind):
    seen = []

    def rows(params):
        yield ["number"]
        for n in range(35):
            # What the database says while row n is being produced.
            job = Job.objects.get()
            seen.append((n, job.rows_done))
            yield [n]

    kind = register_kind(rows, count=lambda params: 35, chunk_size=10)
    job = services.request_job(cast.office_a, kind.key)

    run_job(job.pk)

    assert [done for n, done in seen if n % 10 == 0] == [0, 10, 20, 30]
    job.refresh_from_db()
    assert (job.state, job.rows_done, job.rows_total) == ("succeeded", 35, 35)


def test_an_error_fails_the_job_with_a_message_that_tells_nothing_of_the_internals(
    cast, register_kind, caplog, settings
):
    def rows(params):
        yield ["number"]
        yield [1]
        raise ValueError("password=hunter2 in /srv/secret.py")

    kind = register_kind(rows, chunk_size=1)
    job = services.request_job(cast.office_a, kind.key)

    with caplog.at_level(logging.ERROR, logger="clair_portal.jobs.services"):
        assert run_job(job.pk) is True

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.finished_at is not None
    assert job.result_path == ""
    assert "hunter2" not in job.error_message
    assert job.error_message.startswith("The report could not be produced")
    assert "hunter2" in caplog.text  # the traceback is logged for HQ
    assert not list((settings.JOB_RESULTS_DIR / "partial").iterdir())
    with pytest.raises(Exception, match="not ready"):
        services.open_result(job)


def test_a_failure_message_is_written_in_the_language_of_the_job(cast, register_kind):
    def rows(params):
        raise RuntimeError("boom")
        yield

    kind = register_kind(rows)
    job = services.request_job(cast.office_a, kind.key, language="ja")

    run_job(job.pk)

    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error_message.startswith("ポータルのエラーにより")


def test_a_job_failed_as_overdue_while_running_is_not_revived(cast, register_kind, settings):
    def rows(params):
        yield ["number"]
        yield [1]
        # Meanwhile the overdue sweep gives up on this job.
        Job.objects.update(state=Job.State.FAILED, error_message="stopped")
        yield [2]

    kind = register_kind(rows, chunk_size=1)
    job = services.request_job(cast.office_a, kind.key)

    assert run_job(job.pk) is False

    job.refresh_from_db()
    assert (job.state, job.error_message, job.result_path) == ("failed", "stopped", "")
    assert not list(settings.JOB_RESULTS_DIR.glob("**/*.*"))


def test_the_requester_is_told_once_when_the_job_succeeds(
    cast, register_kind, django_capture_on_commit_callbacks, mailoutbox
):
    kind = register_kind(numbers(3))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_job(cast.office_a, kind.key)

    notification = Notification.objects.get()
    assert notification.user == cast.office_a
    assert notification.event_key == f"job-{job.pk}-finished"
    assert notification.subject == "Your report is ready: Test report (CSV)"
    assert notification.url == f"/en/jobs/{job.pk}/"
    assert [m.subject for m in mailoutbox] == ["Your report is ready: Test report (CSV)"]
    assert f"/en/jobs/{job.pk}/" in mailoutbox[0].body


def test_a_japanese_requester_is_told_in_japanese(
    cast, register_kind, django_capture_on_commit_callbacks, mailoutbox
):
    cast.office_a.language = "ja"
    cast.office_a.save()

    def rows(params):
        raise RuntimeError("boom")
        yield

    kind = register_kind(rows, title="Test")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_job(cast.office_a, kind.key)

    notification = Notification.objects.get()
    assert notification.subject == "レポートを作成できませんでした：Test (CSV)"
    assert notification.url == f"/ja/jobs/{job.pk}/"
    assert "ポータルのエラーにより" in notification.body
    assert mailoutbox[0].subject == "レポートを作成できませんでした：Test (CSV)"
    assert "受信箱" in mailoutbox[0].body


def test_someone_who_may_not_request_a_report_cannot_queue_it(cast):
    with pytest.raises(services.JobError):
        services.request_job(cast.participant, "office-directory-csv")
    assert not Job.objects.exists()


def test_an_unknown_kind_cannot_be_queued(cast):
    with pytest.raises(services.JobError):
        services.request_job(cast.hq, "no-such-report")
    assert not Job.objects.exists()


def test_deleting_a_job_removes_its_file(cast, register_kind, django_capture_on_commit_callbacks):
    kind = register_kind(numbers(2))
    job = services.request_job(cast.office_a, kind.key)
    run_job(job.pk)
    job.refresh_from_db()
    name = services.result_name(job)
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        Job.objects.filter(pk=job.pk).delete()

    assert not default_storage.exists(name)
