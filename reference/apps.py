from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """Reference data shared by every domain app: Japan's local governments."""

    name = "reference"
    verbose_name = _("Reference data")
