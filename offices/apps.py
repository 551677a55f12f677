from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    """CLAIR's Tokyo headquarters and overseas offices, their departments, staff and reports."""

    name = "offices"
    verbose_name = _("Offices")

    def ready(self):
        from offices import directory

        directory.connect()
