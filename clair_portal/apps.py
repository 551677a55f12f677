from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's shared pieces: home, health, layout, catalogues, demo data."""

    name = "clair_portal"
    verbose_name = _("CLAIR Portal")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's site (``clair_portal.admin_site``): ``admin.site``
    and ``@admin.register`` give that site, so every app registers on it unchanged."""

    default = False  # "clair_portal" itself stays PortalConfig
    default_site = "clair_portal.admin_site.PortalAdminSite"
