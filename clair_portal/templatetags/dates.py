"""The portal's one set of date, time and zone filters (``{% load dates %}``).

    {{ d|day }}                 3 December 2026 / 2026年12月3日
    {{ d|day_with_weekday }}    Thu 3 December 2026 / 2026年12月3日（木）
    {{ d|month_day }}           Thu 3 December / 12月3日（木）
    {{ t|clock }}               14:05 / 14時05分 (the viewer's zone)
    {{ t|moment }}              3 December 2026, 14:05 (Japan time (JST)) / 2026年12月3日 14時05分（日本時間）
    {{ t|moment:office.timezone }}   an office's deadline: the viewer's time, the office's beside it
    {{ t|moment_in:office.timezone }}  in that zone only, named
    {{ t|wall_clock }}          date and time on t's own zone's clock, unnamed
    {{ zone|zone_name }}        London time (BST) / ロンドン時間（夏時間）
    {{ year|fiscal_year }}      FY2026 / 2026年度; |fiscal_year:"era" 令和8年度（2026年度）
    {% time_tag t %}            <time datetime="…">the moment</time> (|moment inside)

Never format a date with ``|date`` in a page: these follow the reader's language and zone.
"""

from django import template
from django.utils.html import format_html

from clair_portal import dates

register = template.Library()


@register.filter
def day(value):
    return dates.day(value)


@register.filter
def day_with_weekday(value):
    return dates.day_with_weekday(value)


@register.filter
def month_day(value):
    return dates.month_day(value)


@register.filter
def clock(value):
    return dates.clock(value)


@register.filter
def moment(value, office_zone=None):
    if office_zone:
        return dates.moment_beside(value, office_zone)
    return dates.moment(value)


@register.filter
def moment_in(value, zone):
    return dates.moment(value, dates.ZoneInfo(str(zone)) if isinstance(zone, str) else zone)


@register.filter
def wall_clock(value):
    """An aware datetime on its own zone's wall clock, without the zone's name."""
    return dates.moment(value, value.tzinfo, with_zone=False) if value else ""


@register.filter
def zone_name(zone, at=None):
    return dates.zone_name(zone, at or None)


@register.filter
def fiscal_year(year, style=""):
    return dates.fiscal_year(year, era=style == "era")


@register.filter
def era_year(year):
    return dates.era_year(int(year))


@register.simple_tag
def time_tag(value, office_zone=None, *, style="moment"):
    """``<time datetime="ISO">`` around the readable text: machines read one, people the other."""
    if value in (None, ""):
        return ""
    if style == "day":
        text = dates.day(value)
    elif style == "clock":
        text = dates.clock(value)
    elif office_zone:
        text = dates.moment_beside(value, office_zone)
    else:
        text = dates.moment(value)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)
