"""Dates, times, fiscal years and time zones as people read them, in the active language.

One place for every date the portal shows, so that every page reads the same:

- Japanese: 2026年12月3日, 12月3日（木）, 14時05分, 2026年度 or 令和8年度;
- English: 3 December 2026, Thu 3 December, 14:05, FY2026;
- the community languages as their readers write them (``clair_portal/formats/``):
  2026年12月3日（星期四）, 2026년 12월 3일 (목), quinta-feira, 3 de dezembro de 2026,
  jueves, 3 de diciembre de 2026, Thứ Năm, ngày 3 tháng 12 năm 2026,
  Huwebes, Disyembre 3, 2026; 14:05 in all of them.

Zones are named in words (ロンドン時間（夏時間）, London time (BST)), never by an IANA id
or a bare UTC offset. A time is shown in the viewer's zone: the zone of an office
member's office, otherwise Japan's (``viewer_zone``); apps say whose zone a user has
through the ``zones`` hook (``<app>/zones.py`` with ``viewer_zone(user)``).
"""

from contextvars import ContextVar
from datetime import date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from clair_portal.hooks import app_modules

JAPAN = ZoneInfo("Asia/Tokyo")

# City names in words, with the abbreviations English readers know. zoneinfo's own
# abbreviation is a bare offset for some zones ("+08" in Singapore), so it is not used.
ZONES = {
    "Asia/Tokyo": (gettext_lazy("Japan time"), "JST", None),
    "Europe/London": (gettext_lazy("London time"), "GMT", "BST"),
    "America/New_York": (gettext_lazy("New York time"), "EST", "EDT"),
    "Europe/Paris": (gettext_lazy("Paris time"), "CET", "CEST"),
    "Asia/Seoul": (gettext_lazy("Seoul time"), "KST", None),
    "Asia/Singapore": (gettext_lazy("Singapore time"), "SGT", None),
    "Australia/Sydney": (gettext_lazy("Sydney time"), "AEST", "AEDT"),
    "Asia/Shanghai": (gettext_lazy("Beijing time"), "CST", None),
}

# (first day, name): each era's name from the day it began.
ERAS = [
    (date(2019, 5, 1), gettext_lazy("Reiwa")),
    (date(1989, 1, 8), gettext_lazy("Heisei")),
    (date(1926, 12, 25), gettext_lazy("Showa")),
]

# Month names the portal writes otherwise than Django's catalogues: lower-case in
# Portuguese (Django has "Dezembro"), and Tagalog's, which Django has no catalogue for.
MONTHS = {
    "pt-br": (
        "janeiro", "fevereiro", "março", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ),
    "tl": (
        "Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo",
        "Hulyo", "Agosto", "Setyembre", "Oktubre", "Nobyembre", "Disyembre",
    ),
}  # fmt: skip

# Weekday names beside a date, Monday first, and where they go: (names, pattern).
WEEKDAYS = {
    "ja": (("月", "火", "水", "木", "金", "土", "日"), "{date}（{weekday}）"),
    "zh-hans": (
        ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
        "{date}（{weekday}）",
    ),
    "ko": (("월", "화", "수", "목", "금", "토", "일"), "{date} ({weekday})"),
    "pt-br": (
        ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
         "sábado", "domingo"),
        "{weekday}, {date}",
    ),
    "es": (
        ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
        "{weekday}, {date}",
    ),
    "vi": (
        ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
        "{weekday}, {date}",
    ),
    "tl": (
        ("Lunes", "Martes", "Miyerkules", "Huwebes", "Biyernes", "Sabado", "Linggo"),
        "{weekday}, {date}",
    ),
}  # fmt: skip

_viewer: ContextVar = ContextVar("viewer_zone", default=None)


def _language() -> str:
    return (get_language() or "en").lower()


def _japanese() -> bool:
    return _language().split("-")[0] == "ja"


def _bracketed(text: str) -> str:
    """' (text)', or '（text）' on Japanese and Chinese pages."""
    return f"（{text}）" if _japanese() or _language() == "zh-hans" else f" ({text})"


def _literal(text: str) -> str:
    return "".join("\\" + ch for ch in text)


def _formatted(value, format_name: str) -> str:
    """``value`` in the active language's ``format_name``, with the portal's month names
    where they differ from Django's (``MONTHS``)."""
    fmt = get_format(format_name)
    months = MONTHS.get(_language())
    if months and hasattr(value, "month"):
        month = _literal(months[value.month - 1])
        out, escaped = [], False
        for ch in fmt:
            if escaped:
                out.append(ch)
                escaped = False
            elif ch == "\\":
                out.append(ch)
                escaped = True
            else:
                out.append(month if ch == "F" else ch)
        fmt = "".join(out)
    return date_format(value, fmt)


def _with_weekday(value: date, format_name: str) -> str:
    text = _formatted(value, format_name)
    found = WEEKDAYS.get(_language())
    if found is None:
        return f"{date_format(value, 'D')} {text}"
    names, pattern = found
    return pattern.format(date=text, weekday=names[value.weekday()])


# --- The viewer's zone ----------------------------------------------------------------


def zone_for(user) -> tzinfo:
    """The zone ``user`` reads times in: an app's answer (an office's zone), else Japan's."""
    if user is not None and user.is_authenticated:
        for module in _zone_hooks():
            zone = module.viewer_zone(user)
            if zone is not None:
                return zone
    return JAPAN


@cache
def _zone_hooks():
    return [m for m in app_modules("zones") if hasattr(m, "viewer_zone")]


def viewer_zone() -> tzinfo:
    """The zone of the person the current request is for (Japan outside a request)."""
    resolve = _viewer.get()
    return resolve() if resolve is not None else JAPAN


class ViewerZoneMiddleware:
    """Lets the date filters find the viewer's zone, asked for only when a time is shown.

    The zone is looked up lazily (and once per request) so that pages without a time
    cost no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = []

        def resolve():
            if not found:
                found.append(zone_for(getattr(request, "user", None)))
            return found[0]

        token = _viewer.set(resolve)
        try:
            return self.get_response(request)
        finally:
            _viewer.reset(token)


def as_zone(value: datetime, zone: tzinfo | None = None) -> datetime:
    """An aware datetime in ``zone`` (the viewer's by default)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, JAPAN)
    return value.astimezone(zone or viewer_zone())


def _zone_key(zone) -> str:
    return str(getattr(zone, "key", zone))


def zone_name(zone, at: datetime | None = None) -> str:
    """The zone in words, in the active language: 'London time (BST)', 'ロンドン時間（夏時間）'."""
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    at = (at or timezone.now()).astimezone(zone)
    summer = bool(at.dst())
    key = _zone_key(zone)
    if key in ZONES:
        name, standard, daylight = ZONES[key]
        name = str(name)
        abbreviation = daylight if summer and daylight else standard
    else:
        city = key.rsplit("/", 1)[-1].replace("_", " ")
        name = _("%(city)s time") % {"city": city}
        abbreviation = None
    if _japanese():
        return name + ("（夏時間）" if summer else "")
    if summer and not abbreviation:
        return _("%(zone)s (summer time)") % {"zone": name}
    return f"{name} ({abbreviation})" if abbreviation else name


# --- Dates and times ------------------------------------------------------------------


def _as_date(value, zone=None) -> date:
    if isinstance(value, datetime):
        return as_zone(value, zone).date()
    return value


def day(value, zone=None) -> str:
    """3 December 2026 / 2026年12月3日 (a datetime counts in the viewer's zone)."""
    if value in (None, ""):
        return ""
    return _formatted(_as_date(value, zone), "DATE_FORMAT")


def year_month(value) -> str:
    """December 2026 / 2026年12月 / dezembro de 2026."""
    if value in (None, ""):
        return ""
    return _formatted(value, "YEAR_MONTH_FORMAT")


def day_with_weekday(value, zone=None) -> str:
    """Thu 3 December 2026 / 2026年12月3日（木）."""
    if value in (None, ""):
        return ""
    return _with_weekday(_as_date(value, zone), "DATE_FORMAT")


def month_day(value, zone=None) -> str:
    """3 December / 12月3日（木）: a day of the current year, with its weekday in Japanese."""
    if value in (None, ""):
        return ""
    return _with_weekday(_as_date(value, zone), "MONTH_DAY_FORMAT")


def clock(value: datetime, zone=None) -> str:
    """14:05 / 14時05分, in ``zone`` (the viewer's by default)."""
    if value in (None, ""):
        return ""
    return date_format(as_zone(value, zone), "TIME_FORMAT")


def moment(value: datetime, zone=None, *, with_zone: bool = True) -> str:
    """3 December 2026, 14:05 (Japan time (JST)) / 2026年12月3日 14時05分（日本時間）."""
    if value in (None, ""):
        return ""
    zone = zone or viewer_zone()
    local = as_zone(value, zone)
    text = _formatted(local, "DATETIME_FORMAT")
    if not with_zone:
        return text
    return text + _bracketed(zone_name(zone, local))


def moment_beside(value: datetime, office_zone) -> str:
    """A deadline that belongs to an office: the viewer's time, the office's beside it.

    'Thu 3 December 2026, 14:05 (Japan time (JST)); 05:05 London time (GMT)' when they
    differ, the viewer's time alone when the viewer is in the office's zone.
    """
    if value in (None, ""):
        return ""
    mine = viewer_zone()
    text = moment(value, mine)
    if office_zone is None:
        return text
    if isinstance(office_zone, str):
        office_zone = ZoneInfo(office_zone)
    if _zone_key(office_zone) == _zone_key(mine):
        return text
    theirs = as_zone(value, office_zone)
    same_day = theirs.date() == as_zone(value, mine).date()
    when = clock(theirs, office_zone) if same_day else moment(theirs, office_zone, with_zone=False)
    if _japanese():
        return f"{text}、{zone_name(office_zone, theirs)}では{when}"
    return _("%(mine)s; %(theirs)s %(zone)s") % {
        "mine": text,
        "theirs": when,
        "zone": zone_name(office_zone, theirs),
    }


# --- Fiscal years and eras ------------------------------------------------------------


def era_year(year: int) -> str:
    """The Japanese era year of a fiscal year, as officials write it: 令和8年, 令和元年.

    A fiscal year (April to March) takes the era in force for most of it, so fiscal
    2019 is 令和元年度, as the government named it.
    """
    middle = date(year, 10, 1)
    for first, name in ERAS:
        if middle >= first:
            number = year - first.year + 1
            if _japanese():
                return f"{name}{'元' if number == 1 else number}"
            return f"{name} {number}"
    return str(year)


def fiscal_year(year, era: bool = False) -> str:
    """FY2026 / 2026年度; with ``era``, 令和8年度（2026年度） and FY2026 (Reiwa 8)."""
    if year in (None, ""):
        return ""
    year = int(year)
    if _japanese():
        return f"{era_year(year)}年度（{year}年度）" if era else f"{year}年度"
    text = pgettext("fiscal year", "FY%(year)s") % {"year": year}
    return f"{text} ({era_year(year)})" if era else text


# Lazy forms, for messages composed now and read later in the reader's language
# (domain errors, notifications): format_lazy(_("Due {day}"), day=day_lazy(d)).
day_lazy = lazy(day, str)
moment_lazy = lazy(moment, str)
