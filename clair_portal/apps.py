from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's shared pieces: home, health, layout, catalogues, demo data."""

    name = "clair_portal"
    verbose_name = _("CLAIR Portal")
