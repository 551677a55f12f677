from django.core.management.base import BaseCommand
from django.db import transaction

from clair_portal.hooks import app_modules


class Command(BaseCommand):
    help = (
        "Load the portal's real reference data (local governments, CLAIR's offices, ...). "
        "Idempotent: a second run changes nothing and says so."
    )

    def handle(self, *args, **options):
        outcomes = []
        with transaction.atomic():
            # Each app that owns reference data has a reference_data.load();
            # apps are visited in INSTALLED_APPS order, so dependencies load first.
            for module in app_modules("reference_data"):
                outcomes.extend(module.load())
        for o in outcomes:
            self.stdout.write(
                f"{o.label}: {o.created} created, {o.updated} updated, {o.unchanged} unchanged"
            )
        if any(o.changed for o in outcomes):
            self.stdout.write(self.style.SUCCESS("Reference data loaded."))
        else:
            self.stdout.write("Reference data already up to date; nothing changed.")
