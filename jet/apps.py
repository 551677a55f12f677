from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JetConfig(AppConfig):
    """JET participants, contracting organisations, placements and seminars."""

    name = "jet"
    verbose_name = _("JET Programme")
