from celery import shared_task

from clair_portal.jobs import services


@shared_task(name="clair_portal.jobs.tasks.run_job")
def run_job(job_id: int) -> bool:
    """Produce one job's report; a repeated delivery does nothing (see services.run_job)."""
    return services.run_job(job_id)


@shared_task(name="clair_portal.jobs.tasks.fail_overdue_jobs")
def fail_overdue_jobs() -> int:
    """Run every minute by beat: fail jobs whose worker stopped or never started."""
    return services.fail_overdue_jobs()


@shared_task(name="clair_portal.jobs.tasks.purge_old_jobs")
def purge_old_jobs() -> int:
    """Run daily by beat: delete finished jobs past the retention period, files included."""
    return services.purge_old_jobs()
