from celery import shared_task

from clair_portal.tabular import uploads


@shared_task(name="clair_portal.tabular.tasks.purge_stale_uploads")
def purge_stale_uploads() -> int:
    """Run daily by beat: delete uploads kept for previews that were never confirmed."""
    return uploads.purge_stale()
