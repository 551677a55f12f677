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
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.core.signals import setting_changed
from django.dispatch import receiver


def app_modules(name: str) -> Iterator[ModuleType]:
    """Each installed app's ``<app>.<name>`` module, imported, in ``INSTALLED_APPS`` order.

    An app without the module is skipped; an error inside an existing module is raised.
    """
    for module_name in _module_names(name):
        yield import_module(module_name)


@cache
def _module_names(name: str) -> tuple[str, ...]:
    # Looked up once per process: the header asks on every page, and searching the
    # file system for each app's module was a fifth of the office directory's time.
    return tuple(
        f"{config.name}.{name}"
        for config in apps.get_app_configs()
        if find_spec(f"{config.name}.{name}") is not None
    )


@receiver(setting_changed)
def _apps_changed(setting, **kwargs):
    if setting == "INSTALLED_APPS":
        _module_names.cache_clear()
