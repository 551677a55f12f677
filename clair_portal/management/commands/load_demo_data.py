from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from clair_portal import demo
from clair_portal.hooks import app_modules


class Command(BaseCommand):
    help = "Create demo accounts and invented demo records. Only with DEBUG on; idempotent."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo data is created.")
            return
        outcomes = []
        with transaction.atomic():
            outcomes.extend(demo.load())
            # Apps with demo records of their own provide demo_data.load().
            for module in app_modules("demo_data"):
                outcomes.extend(module.load())
        for o in outcomes:
            self.stdout.write(f"{o.label}: {o.created} created, {o.unchanged} unchanged")
