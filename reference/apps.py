from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

# Below this trigram word similarity a name is too far from what was typed to offer it
# ("nagasky" and Nagasaki share 0.62; unrelated names stay under 0.3).
SUGGESTION_THRESHOLD = 0.4


def use_suggestion_threshold(sender, connection, **kwargs):
    """Make pg_trgm's word-similarity operator (``%>``, ``trigram_word_similar``) use
    ``SUGGESTION_THRESHOLD`` for this connection, so that the trigram indexes find the
    names close to a search that found nothing instead of comparing every name."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(SUGGESTION_THRESHOLD)],
            )


class ReferenceConfig(AppConfig):
    """Reference data shared by every domain app: Japan's local governments."""

    name = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        connection_created.connect(use_suggestion_threshold, dispatch_uid="reference_trgm")
