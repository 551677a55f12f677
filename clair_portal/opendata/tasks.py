from celery import shared_task

from clair_portal.opendata import services


@shared_task(acks_late=True)
def rebuild_datasets() -> list[str]:
    """Beat: the files of every dataset whose data changed, and old files pruned."""
    return services.rebuild_all()
