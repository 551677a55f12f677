from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "clair_portal.jobs"
    label = "jobs"
    verbose_name = _("Batch jobs")

    def ready(self):
        # Each app registers its batch reports with @report(...) in <app>/reports.py.
        from clair_portal.hooks import app_modules

        list(app_modules("reports"))  # importing each module registers its reports
