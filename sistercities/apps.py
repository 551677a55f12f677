from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SisterCitiesConfig(AppConfig):
    """Affiliations, partner search, partner-seeking requests, exchange projects, surveys."""

    name = "sistercities"
    verbose_name = _("Sister cities")

    def ready(self):
        from sistercities import caching

        caching.connect()
