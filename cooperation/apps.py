from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """LGOTP trainees and host assignments; the specialist registry and dispatch."""

    name = "cooperation"
    verbose_name = _("International cooperation")
