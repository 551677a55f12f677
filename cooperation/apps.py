from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """LGOTP trainees and host assignments; the specialist registry and dispatch."""

    name = "cooperation"
    verbose_name = _("International cooperation")

    def ready(self):
        from django.db.models.signals import post_migrate

        from cooperation.permissions import ensure_passport_group

        # The passport group's rights; HQ staff's are set by the accounts app's ensure_roles.
        post_migrate.connect(ensure_passport_group, dispatch_uid="cooperation.passport_group")
