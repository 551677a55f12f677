from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "clair_portal.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        # Any save or delete of a dataset's rows marks the dataset changed (Last-Modified).
        from clair_portal.opendata import signals

        signals.connect()
