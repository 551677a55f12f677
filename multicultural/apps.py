from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MulticulturalConfig(AppConfig):
    """Grant programmes and applications; the multilingual living-information library."""

    name = "multicultural"
    verbose_name = _("Multicultural support")
