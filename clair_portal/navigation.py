"""Which sections each user is shown, and what needs them first: one declaration.

The header, the home page and the tests read the same list, so that nobody is
shown a link that answers 404 or 403 to them (``tests/test_navigation.py`` and
the crawl of ``tests/test_journeys.py`` check it for every role).

Each app declares its sections in ``<app>/navigation.py``:

- ``SECTIONS``: a list of :class:`Section`;
- ``tasks(user) -> list[Task]`` (optional): what needs the user's answer now,
  with counts and a link, shown first on home (one or two queries each, and
  nothing for a user the app has no business with).

The core's own sections (downloads, inbox, account, administration) are
declared here. Audiences are plain functions of the user; they run once per
request at most, their answers cached on the user like the role helpers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clair_portal.hooks import app_modules


def everyone(user) -> bool:
    return True


def signed_in(user) -> bool:
    return user.is_authenticated


def signed_out(user) -> bool:
    return not user.is_authenticated


def admin_access(user) -> bool:
    return user.is_authenticated and user.is_staff


@dataclass(frozen=True)
class Section:
    """A part of the portal: its link in the header and its card on home."""

    key: str
    title: Promise
    url_name: str
    summary: Promise
    audience: Callable = everyone
    order: int = 100
    # "main": the header's sections; "account": the signed-in user's own links at the
    # header's end (downloads, inbox, account), shown on home only as links.
    place: str = "main"
    # A shorter title for the header, where the full one would not fit on one row.
    short_title: Promise | None = None
    # Who finds it in the header (a "main" section): by default everyone it is for. A
    # section only read now and then (About) leaves the header to the sections a
    # signed-in user works in; they find it on home and in the footer.
    in_header: Callable = everyone

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def label(self) -> Promise:
        return self.short_title or self.title


@dataclass(frozen=True)
class Task:
    """Something that needs the user's answer: "3 reports to review"."""

    text: str
    count: int
    url: str
    urgent: bool = False
    order: int = field(default=100, compare=False)


CORE_SECTIONS = [
    Section(
        "jobs",
        _("Downloads"),
        "jobs:list",
        _("The reports you asked for, as CSV or Excel files, ready to download."),
        signed_in,
        order=900,
        place="account",
    ),
    Section(
        "inbox",
        _("Inbox"),
        "notifications:inbox",
        _("What the portal has told you: decisions, reminders and finished downloads."),
        signed_in,
        order=910,
        place="account",
    ),
    Section(
        "account",
        _("My account"),
        "accounts:account",
        _("Your name, language and password."),
        signed_in,
        order=920,
        place="account",
    ),
    Section(
        "admin",
        _("Administration"),
        "admin:index",
        _("Every record of the portal, imports and exports."),
        admin_access,
        order=930,
        place="account",
    ),
]


def all_sections() -> list[Section]:
    declared = [s for module in app_modules("navigation") for s in getattr(module, "SECTIONS", [])]
    return sorted(CORE_SECTIONS + declared, key=lambda s: s.order)


def sections_for(user) -> list[Section]:
    """The sections ``user`` may open, in the order the header shows them."""
    if not hasattr(user, "_portal_sections"):
        user._portal_sections = [s for s in all_sections() if s.audience(user)]
    return user._portal_sections


# As many sections as fit on one row of the header at 1280 px beside the portal's name,
# the account menu and the language (tests/browser/test_header.py); the rest, for the
# roles that work in many sections (HQ), fold into a "More" menu at the row's end.
HEADER_ROWS_ROOM = 7


def header_sections(user) -> tuple[list[Section], list[Section]]:
    """The header's sections for ``user``: those shown on the row, and those under "More"."""
    shown = [s for s in sections_for(user) if s.place == "main" and s.in_header(user)]
    if len(shown) <= HEADER_ROWS_ROOM:
        return shown, []
    return shown[: HEADER_ROWS_ROOM - 1], shown[HEADER_ROWS_ROOM - 1 :]


def tasks_for(user) -> list[Task]:
    """What needs ``user`` first, from every app, urgent first; nothing for visitors."""
    if not user.is_authenticated:
        return []
    found = [
        task
        for module in app_modules("navigation")
        if hasattr(module, "tasks")
        for task in module.tasks(user)
        if task.count
    ]
    return sorted(found, key=lambda t: (not t.urgent, t.order))
