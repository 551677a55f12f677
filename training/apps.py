from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Professional development: courses, seminars for officials abroad, certificates, subsidies."""

    name = "training"
    verbose_name = _("Professional development")
