"""Requesting, running and failing batch jobs, and reading their results.

A job's row always tells the truth: ``queued`` until a worker claims it,
``running`` while a worker writes it (with a heartbeat after every chunk),
then ``succeeded`` with a file or ``failed`` with a message. A job whose worker
died is found by ``fail_overdue_jobs`` and marked failed, never left running.
"""

import logging
import secrets
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.errors import DomainError
from clair_portal.jobs.kinds import JobKind, registry
from clair_portal.jobs.models import Job
from clair_portal.jobs.writers import open_writer
from clair_portal.languages import STAFF_LANGUAGES
from clair_portal.notifications.services import notify
from clair_portal.outbox.services import enqueue
from clair_portal.storage import save_local

logger = logging.getLogger(__name__)

# A running job silent for this long has lost its worker; chunks take seconds.
HEARTBEAT_TIMEOUT = timedelta(minutes=5)

GENERIC_FAILURE = _(
    "The report could not be produced because of an error in the portal. "
    "Please try again later; if it fails again, tell the HQ system administrators."
)
WORKER_STOPPED = _(
    "The worker producing the report stopped before it was finished. Please request it again."
)
NEVER_STARTED = _("The report did not start before its deadline. Please request it again.")


class JobError(DomainError):
    """A failure the requester may be told about; ``message`` is a lazy translated string."""


class JobAbandoned(Exception):
    """The job stopped being ours while we ran it (it was failed as overdue)."""


# --- Reading -----------------------------------------------------------------


def kinds_for_user(user) -> list[JobKind]:
    return registry.requestable_by(user)


def get_kind_for_user(user, key: str) -> JobKind:
    """The job kind if ``user`` may request it, else 404 (as if it did not exist)."""
    kind = registry.get(key)
    if kind is None or not kind.may_request(user):
        raise Http404("No such report.")
    return kind


def get_job_for_user(user, job_id: int) -> Job:
    """The job if ``user`` requested it, else 404: someone else's job looks missing."""
    return get_object_or_404(Job.objects.for_user(user), pk=job_id)


RESULTS_PREFIX = "jobs"


def result_name(job: Job) -> str:
    """The storage name of a job's file (``default_storage``: disk or object store)."""
    return f"{RESULTS_PREFIX}/{job.result_path}"


def open_result(job: Job):
    """The file of a succeeded job, open for reading, or 404 if there is none."""
    if job.state != Job.State.SUCCEEDED or not job.result_path or "/" in job.result_path:
        raise Http404("The report is not ready.")
    name = result_name(job)
    if not default_storage.exists(name):
        raise Http404("The report file is missing.")
    return default_storage.open(name, "rb")


def delete_result_file(job: Job) -> None:
    """Remove the job's file from the storage, if it is still there."""
    if job.result_path and "/" not in job.result_path:
        default_storage.delete(result_name(job))


# --- Requesting --------------------------------------------------------------


def request_job(user, kind_key: str, parameters: dict | None = None, *, language=None) -> Job:
    """Create a queued job for ``user`` and hand it to a worker once committed.

    Preconditions: ``user`` may request ``kind_key`` (else ``JobError``);
    ``parameters`` is JSON-serialisable. ``language`` (default: the user's
    language) is the language the report is written in. The Celery task gets
    the job id only, after the transaction commits, so the worker always finds
    the row.
    """
    kind = registry.get(kind_key)
    if kind is None or not kind.may_request(user):
        raise JobError(_("You may not request this report."))
    language = language or user.language or settings.LANGUAGE_CODE
    if language not in STAFF_LANGUAGES:
        raise JobError(_("The portal cannot write reports in that language."))
    from clair_portal.jobs.tasks import run_job

    with transaction.atomic():
        job = Job.objects.create(
            kind=kind.key,
            parameters=parameters or {},
            requested_by=user,
            language=language,
            deadline=timezone.now() + timedelta(seconds=settings.JOB_DEFAULT_DEADLINE_SECONDS),
        )
        enqueue(run_job, job.pk)
    logger.info("job %s (%s) requested by user %s", job.pk, job.kind, user.pk)
    return job


# --- Running -----------------------------------------------------------------


def claim(job_id: int) -> bool:
    """Move the job from queued to running; only one caller ever succeeds."""
    now = timezone.now()
    return bool(
        Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, started_at=now, heartbeat_at=now
        )
    )


def run_job(job_id: int) -> bool:
    """Produce the report of a queued job; returns whether this call ran it.

    Idempotent: the job is claimed with a conditional UPDATE (queued → running),
    so a second delivery of the task, or a second worker, does nothing. Rows are
    written to a partial file in chunks, with progress and heartbeat saved after
    each chunk; the finished file is moved into place in one step, so a
    half-written report is never offered for download. Any error fails the job
    with a message fit for the requester and logs the traceback for HQ. The
    requester is notified either way.
    """
    if not claim(job_id):
        logger.info("job %s: not queued any more; nothing to do", job_id)
        return False
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    kind = registry.get(job.kind)
    partial = partial_path(job)
    try:
        if kind is None:
            raise JobError(_("This kind of report no longer exists."))
        with translation.override(job.language):
            rows = _write(job, kind, partial)
        # Saved whole, so a half-written report is never offered for download.
        stored = save_local(
            f"{RESULTS_PREFIX}/{job.pk}-{secrets.token_hex(8)}{kind.output.extension}", partial
        )
        final_name = stored.removeprefix(f"{RESULTS_PREFIX}/")
        partial.unlink(missing_ok=True)
    except JobAbandoned:
        logger.warning("job %s was failed as overdue while it ran; output dropped", job.pk)
        partial.unlink(missing_ok=True)
        return False
    except JobError as error:
        logger.info("job %s failed: %s", job.pk, error)
        partial.unlink(missing_ok=True)
        _finish(job, Job.State.FAILED, error_message=error.message)
        return True
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        partial.unlink(missing_ok=True)
        _finish(job, Job.State.FAILED, error_message=GENERIC_FAILURE)
        return True
    finished = _finish(
        job,
        Job.State.SUCCEEDED,
        rows_done=rows,
        rows_total=rows,
        result_path=final_name,
        result_filename=kind.filename(timezone.localtime(job.created_at)),
        result_content_type=kind.output.content_type,
    )
    if not finished:
        default_storage.delete(stored)
    return True


def partial_path(job: Job) -> Path:
    """Where a running job writes; named by job so a dead worker's leftovers can be found."""
    directory = Path(settings.JOB_RESULTS_DIR) / "partial"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{job.pk}.part"


def _write(job: Job, kind: JobKind, path: Path) -> int:
    """Write header and rows to ``path`` chunk by chunk; returns the number of data rows."""
    if kind.count is not None:
        Job.objects.filter(pk=job.pk).update(rows_total=kind.count(job.parameters))
    rows = iter(kind.rows(job.parameters))
    writer = open_writer(kind.output, path)
    done = 0
    try:
        writer.header(next(rows))
        while chunk := list(islice(rows, kind.chunk_size)):
            writer.write(chunk)
            done += len(chunk)
            _beat(job, done)
    finally:
        writer.close()
    return done


def _beat(job: Job, done: int) -> None:
    alive = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        rows_done=done, heartbeat_at=timezone.now()
    )
    if not alive:
        raise JobAbandoned(job.pk)


def _finish(job: Job, state: str, *, error_message="", **fields) -> bool:
    """Record the outcome if the job is still running, and notify the requester."""
    if error_message:
        with translation.override(job.language):
            error_message = str(error_message)
    now = timezone.now()
    with transaction.atomic():
        finished = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
            state=state, finished_at=now, heartbeat_at=now, error_message=error_message, **fields
        )
        if finished:
            job.refresh_from_db()
            notify_requester(job)
    return bool(finished)


def notify_requester(job: Job) -> None:
    """Tell the requester that ``job`` has finished, once, in their language."""
    title = job.kind_title
    if job.state == Job.State.SUCCEEDED:
        subject = format_lazy(_("Your report is ready: {title}"), title=title)
        body = format_lazy(
            _("The report “{title}” you requested is ready. You can download it from its page."),
            title=title,
        )
    else:
        subject = format_lazy(_("Your report could not be produced: {title}"), title=title)
        body = format_lazy(
            _("The report “{title}” you requested failed. {reason}"),
            title=title,
            reason=job.error_message,
        )
    notify(
        job.requested_by,
        event_key=f"job-{job.pk}-finished",
        subject=subject,
        body=body,
        url=reverse_lazy("jobs:detail", args=[job.pk]),
    )


# --- Overdue jobs ------------------------------------------------------------


def fail_overdue_jobs(now: datetime | None = None) -> int:
    """Mark failed every job no worker will finish; returns how many were failed.

    A running job whose heartbeat is older than ``HEARTBEAT_TIMEOUT``, or any
    unfinished job past its deadline, is failed ("the worker stopped" or "did
    not start"), its partial file removed and its requester notified. Each job
    is locked (``SKIP LOCKED``) and re-checked, so two schedulers, or a worker
    finishing at the same moment, cannot fail it twice or fail a finished job.
    """
    now = now or timezone.now()
    failed = 0
    for job_id in Job.objects.overdue(now, HEARTBEAT_TIMEOUT).values_list("pk", flat=True):
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("requested_by")
                .overdue(now, HEARTBEAT_TIMEOUT)
                .filter(pk=job_id)
                .first()
            )
            if job is None:
                continue
            reason = WORKER_STOPPED if job.state == Job.State.RUNNING else NEVER_STARTED
            with translation.override(job.language):
                job.error_message = str(reason)
            job.state = Job.State.FAILED
            job.finished_at = now
            job.save(update_fields=["state", "finished_at", "error_message"])
            notify_requester(job)
        partial_path(job).unlink(missing_ok=True)
        logger.warning("job %s (%s) failed as overdue", job.pk, job.kind)
        failed += 1
    return failed


# --- Retention ---------------------------------------------------------------

PURGE_CHUNK = 500


def purge_old_jobs(now: datetime | None = None) -> int:
    """Delete jobs finished more than ``JOB_RETENTION_DAYS`` ago; returns how many.

    Reports hold personal data (participants, applicants) and the results
    directory would otherwise grow for ever. Each chunk is deleted in its own
    transaction; every deleted job's file is removed once that commits (the
    model's ``post_delete`` receiver). Unfinished jobs are never touched.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.JOB_RETENTION_DAYS)
    old = Job.objects.filter(
        state__in=(Job.State.SUCCEEDED, Job.State.FAILED), finished_at__lt=cutoff
    )
    purged = 0
    while ids := list(old.order_by("pk").values_list("pk", flat=True)[:PURGE_CHUNK]):
        with transaction.atomic():
            purged += Job.objects.filter(pk__in=ids).delete()[1].get(Job._meta.label, 0)
    return purged
