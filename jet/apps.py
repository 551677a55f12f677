from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JetConfig(AppConfig):
    """JET participants, contracting organisations, placements and seminars."""

    name = "jet"
    verbose_name = _("JET Programme")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_migrate, post_save

        from jet.counselling.access import ensure_groups
        from jet.services import forget_feed_of_deactivated

        post_save.connect(
            forget_feed_of_deactivated, sender=get_user_model(), dispatch_uid="jet.forget_feed"
        )
        post_migrate.connect(ensure_groups, dispatch_uid="jet.counselling_groups")
