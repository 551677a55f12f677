from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from clair_portal import demo


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
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo_data"
                if find_spec(module_name) is not None:
                    outcomes.extend(import_module(module_name).load())
        for o in outcomes:
            self.stdout.write(f"{o.label}: {o.created} created, {o.unchanged} unchanged")
