"""The chart kit: server-drawn SVG charts, each with its figures as a table.

    {% load charts %}
    {% bar_chart rows id="by-country" title=title label_heading=_("Country") value_heading=_("Participants") %}
    {% stacked_chart rows series id="rate" title=title label_heading=_("Office") %}
    {% line_chart rows id="by-year" title=title label_heading=_("Year") value_heading=_("Participants") %}
    {% japan_map values id="gaps" title=title value_heading=_("Share without") unit="%" %}

``id`` must be unique on the page (it names the chart's ``<title>`` and
``<desc>``). The geometry is in ``clair_portal.charts``; the drawing in
``templates/charts/``.
"""

from django import template

from clair_portal import charts

register = template.Library()


def _common(id, title, desc, css):
    return {"id": id, "title": title, "desc": desc, "css": css, "bar_height": charts.BAR}


@register.inclusion_tag("charts/bars.html")
def bar_chart(
    rows,
    *,
    id,
    title,
    label_heading,
    value_heading,
    desc="",
    css="",
    decimals=0,
    unit="",
    scale_max=None,
):
    """Horizontal bars from ``(label, value)`` pairs, in the order given."""
    return {
        **_common(id, title, desc, css),
        "chart": charts.bars(rows, decimals=decimals, unit=unit, scale_max=scale_max),
        "label_heading": label_heading,
        "value_heading": value_heading,
    }


@register.inclusion_tag("charts/stacked.html")
def stacked_chart(
    rows,
    series,
    *,
    id,
    title,
    label_heading,
    end_heading="",
    desc="",
    css="",
    decimals=0,
    unit="",
    normalise=False,
):
    """Stacked bars: ``(label, values[, end_text])`` rows over ``(key, label)`` series."""
    return {
        **_common(id, title, desc, css),
        "chart": charts.stacked(rows, series, decimals=decimals, unit=unit, normalise=normalise),
        "label_heading": label_heading,
        "end_heading": end_heading,
    }


@register.inclusion_tag("charts/line.html")
def line_chart(
    rows,
    *,
    id,
    title,
    label_heading,
    value_heading,
    desc="",
    css="",
    decimals=0,
    unit="",
):
    """A line over years from ``(year, value)`` pairs."""
    return {
        **_common(id, title, desc, css),
        "chart": charts.line(rows, decimals=decimals, unit=unit),
        "label_heading": label_heading,
        "value_heading": value_heading,
    }


@register.inclusion_tag("charts/japan.html")
def japan_map(
    values,
    *,
    id,
    title,
    value_heading,
    desc="",
    css="",
    classes=5,
    breaks=None,
    decimals=0,
    unit="",
):
    """A choropleth of the 47 prefectures from ``{prefecture code: value}``."""
    return {
        **_common(id, title, desc, css),
        "chart": charts.japan_map(
            values, classes=classes, breaks=breaks, decimals=decimals, unit=unit
        ),
        "value_heading": value_heading,
    }
