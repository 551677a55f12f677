"""The organisation's home, built from what each app plugs in.

Each installed app may provide ``<app>/organisation.py`` with

- ``tasks(organisation, user) -> list[Task]``: what waits for the organisation's
  answer, with how many and where to give it;
- ``sections(organisation, user) -> list[Section]``: a template and its context,
  shown in ``ORDER`` then in ``INSTALLED_APPS`` order.

The core page imports no domain app: it only visits these modules.
"""

from dataclasses import dataclass, field

from clair_portal.hooks import app_modules


@dataclass
class Task:
    label: str  # translated, e.g. "Reappointments to answer"
    count: int
    url: str


@dataclass
class Section:
    key: str  # a stable name, e.g. "sistercities"; also the section's id on the page
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def tasks(organisation, user) -> list[Task]:
    found = []
    for module in app_modules("organisation"):
        if hasattr(module, "tasks"):
            found.extend(t for t in module.tasks(organisation, user) if t.count)
    return found


def sections(organisation, user) -> list[Section]:
    found = []
    for module in app_modules("organisation"):
        if hasattr(module, "sections"):
            found.extend(module.sections(organisation, user))
    return sorted(found, key=lambda s: s.order)
