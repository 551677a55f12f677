"""The public office directory, rendered once per language and reused until an office changes.

Everything on the page but the clocks is reference data that changes a few
times a year, while the page is among the most visited; rendering it (every
department's numbers formatted two ways, every translated field) cost several
times a health check. So each office's section is rendered once per language,
cached under the directory's generation (any save or delete of an office,
department or division starts a new one), and a request only fills in the
local times, which it computes itself: no query, no number formatting.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from clair_portal.generations import Generation
from offices.models import Office

GENERATION = Generation("offices:directory")
TIMEOUT = 60 * 60
# Part of the key: bump it when the sections' markup changes, so a deploy never
# serves what the previous release rendered.
FORMAT = 2
# Where the clock goes in a section rendered once for everyone.
CLOCK_SLOT = "<!-- office clock -->"


@dataclass(frozen=True)
class Section:
    """One office's rendered section, split where its clock goes."""

    code: str
    timezone: str
    is_headquarters: bool
    before_clock: SafeString
    after_clock: SafeString


def sections(language: str) -> list[Section]:
    """Every office's section in ``language``, from the cache or rendered now (three queries)."""
    key = f"offices:directory:{FORMAT}:{GENERATION.current()}:{language}"
    found = cache.get(key)
    if found is None:
        found = [_render(office) for office in Office.objects.directory()]
        cache.set(key, found, timeout=TIMEOUT)
    return found


def _render(office: Office) -> Section:
    template = "offices/_headquarters.html" if office.is_headquarters else "offices/_office.html"
    html = render_to_string(template, {"office": office, "clock_slot": mark_safe(CLOCK_SLOT)})
    before, after = html.split(CLOCK_SLOT)
    return Section(
        code=office.code,
        timezone=str(office.timezone),
        is_headquarters=office.is_headquarters,
        before_clock=mark_safe(before),  # noqa: S308  (rendered by the template engine above)
        after_clock=mark_safe(after),  # noqa: S308
    )


def zone(section: Section) -> ZoneInfo:
    return ZoneInfo(section.timezone)


def connect() -> None:
    from offices.models import Department, Division

    GENERATION.watch(Office, Department, Division)
