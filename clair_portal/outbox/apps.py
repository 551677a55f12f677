from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "clair_portal.outbox"
    label = "outbox"
    verbose_name = _("Task outbox")

    def ready(self):
        from celery.signals import worker_ready

        from clair_portal.outbox.tasks import sweep_on_worker_start

        worker_ready.connect(sweep_on_worker_start, dispatch_uid="outbox-sweep-on-start")
