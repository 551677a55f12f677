"""Where the portal finds what the apps plug in: ``<app>.<module>`` for every installed app.

The core imports no domain app. Each app that has something to add provides a
module of an agreed name, and the core visits them in ``INSTALLED_APPS`` order
(so an app's hooks run after those of the apps it depends on):

- ``reference_data.load()`` and ``demo_data.load()`` (and ``demo_data.accounts()``)
  for the loading commands,
- ``api.ROUTES`` for the public API's router (``clair_portal.api``),
- ``datasets.DATASETS`` for the open-data files and catalogue (``clair_portal.opendata``),
- ``reports`` with ``@report(...)`` registrations for the batch jobs
  (imported when the jobs app is ready).
"""

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[ModuleType]:
    """Each installed app's ``<app>.<name>`` module, imported, in ``INSTALLED_APPS`` order.

    An app without the module is skipped; an error inside an existing module is raised.
    """
    for config in apps.get_app_configs():
        module_name = f"{config.name}.{name}"
        if find_spec(module_name) is not None:
            yield import_module(module_name)
