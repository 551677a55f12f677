from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TabularConfig(AppConfig):
    """The import and download kit: CSV and XLSX in and out, for every app."""

    name = "clair_portal.tabular"
    label = "tabular"
    verbose_name = _("Imports and downloads")
