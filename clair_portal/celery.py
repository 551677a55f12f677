import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clair_portal.settings")

app = Celery("clair_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def worker_statement_timeout(**kwargs):
    # Reports and imports run longer than a web request may: a worker's
    # connections get their own statement timeout (clair_portal.db).
    from django.conf import settings

    from clair_portal import db

    db.use_statement_timeout(settings.WORKER_DATABASE_STATEMENT_TIMEOUT)
