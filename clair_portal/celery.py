import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clair_portal.settings")

app = Celery("clair_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
