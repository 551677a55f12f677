"""Server-drawn SVG charts: the geometry behind the ``charts`` template tags.

Each chart is worked out here in plain numbers, in a viewBox of fixed width
that CSS scales to the space it gets (so a narrow column shrinks a chart
instead of clipping it), and drawn by a template in ``templates/charts/``
with classes and SVG presentation attributes only: the Content Security
Policy forbids inline style. Every chart also carries its figures as a
table, and every number is formatted for the active language.

Values are non-negative quantities (counts, yen, shares); a negative one is
drawn as zero but still shown as it is.
"""

import functools
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from clair_portal.languages import reads_kanji

WIDTH = 640  # every chart's viewBox is this wide
FONT = 13  # px of the labels; kept in step with .chart__label in portal.css

# Horizontal and stacked bars: labels, then the bars, then the figure at each bar's end.
LABEL_WIDTH = 200
PLOT_WIDTH = 360
ROW = 24
BAR = 16

# The line over years.
LINE_HEIGHT = 240
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 64, 24, 16, 32
MAX_YEAR_LABELS = 12

# Colour steps of the map's sequential palette (.chart-ramp-1 … -7 in portal.css).
RAMP_STEPS = 7


def fmt(value, decimals: int = 0, unit: str = "") -> str:
    """A figure as the active language writes it (1,234 / 12.5), with its unit."""
    if value is None:
        return "—"
    # Rounded half up here: number_format only cuts off the digits past ``decimals``.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return f"{number_format(rounded, decimals, use_l10n=True, force_grouping=True)}{unit}"


def _em(char: str) -> float:
    """Width of a character in ems: full-width (kanji, kana) 1, anything else about 0.6."""
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6


def fit(text: str, room: float, size: int = FONT) -> str:
    """``text`` cut with an ellipsis to fit ``room`` viewBox units; the table has it whole."""
    text = str(text)
    if sum(_em(c) for c in text) * size <= room:
        return text
    kept, used = "", _em("…") * size
    for char in text:
        used += _em(char) * size
        if used > room:
            break
        kept += char
    return kept + "…"


def _rows(rows) -> list[tuple[str, float]]:
    return [(str(label), value) for label, value in rows]


def _extremes(rows: Sequence[tuple[str, float]], decimals: int, unit: str) -> str:
    """A sentence naming the largest and the smallest figure, for ``<desc>``."""
    if not rows:
        return _("No figures to show.")
    high = max(rows, key=lambda r: r[1])
    low = min(rows, key=lambda r: r[1])
    return _("Largest: %(high)s (%(high_value)s). Smallest: %(low)s (%(low_value)s).") % {
        "high": high[0],
        "high_value": fmt(high[1], decimals, unit),
        "low": low[0],
        "low_value": fmt(low[1], decimals, unit),
    }


# --- Horizontal bars ------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    short: str  # as it fits beside the bar
    value: float
    text: str
    y: float
    width: float
    text_y: float
    end_x: float


@dataclass(frozen=True)
class Bars:
    bars: list[Bar]
    width: int
    height: int
    label_x: int
    plot_x: int
    desc: str


def bars(rows: Iterable, *, decimals: int = 0, unit: str = "", scale_max=None) -> Bars:
    """One bar per ``(label, value)``, its length proportional to the value.

    The longest bar is the largest value, or ``scale_max`` when given (100 for
    shares in per cent, so a bar's length reads against the whole).
    """
    rows = _rows(rows)
    top = scale_max or max((max(v, 0) for _l, v in rows), default=0) or 1
    items = []
    for i, (label, value) in enumerate(rows):
        y = i * ROW + (ROW - BAR) / 2
        # A value past ``scale_max`` stops at the plot's end rather than leaving the chart.
        width = round(PLOT_WIDTH * min(max(value, 0) / top, 1), 2)
        items.append(
            Bar(
                label=label,
                short=fit(label, LABEL_WIDTH - 8),
                value=value,
                text=fmt(value, decimals, unit),
                y=y,
                width=width,
                text_y=y + BAR - 4,
                end_x=LABEL_WIDTH + width + 6,
            )
        )
    return Bars(
        bars=items,
        width=WIDTH,
        height=max(len(items), 1) * ROW,
        label_x=LABEL_WIDTH - 8,
        plot_x=LABEL_WIDTH,
        desc=_extremes(rows, decimals, unit),
    )


# --- Stacked bars -----------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: float
    text: str
    x: float
    width: float
    step: int  # 1-based place in the series, for the palette's class


@dataclass(frozen=True)
class Stack:
    label: str
    short: str
    values: list[str]  # formatted, one per series, for the table
    segments: list[Segment]
    y: float
    text_y: float
    end_x: float
    end_text: str


@dataclass(frozen=True)
class Stacks:
    stacks: list[Stack]
    series: list[tuple[int, str, str]]  # (step, key, label)
    width: int
    height: int
    label_x: int
    desc: str


def stacked(
    rows: Iterable, series: Sequence, *, decimals: int = 0, unit: str = "", normalise=False
) -> Stacks:
    """One bar per row, cut into one segment per series, lengths proportional to values.

    ``rows`` are ``(label, values)`` or ``(label, values, end_text)``, with one
    value per ``(key, label)`` of ``series``; ``end_text`` (a rate, say) is
    written at the bar's end instead of its total. With ``normalise`` each bar
    is the whole (its segments are shares of its total).
    """
    series = [(str(key), str(label)) for key, label in series]
    prepared = []
    for row in rows:
        label, values, *rest = row
        values = list(values)
        if len(values) != len(series):
            raise ValueError(f"{label!s}: {len(values)} values for {len(series)} series")
        prepared.append((str(label), values, rest[0] if rest else None))
    top = max((sum(max(v, 0) for v in values) for _l, values, _e in prepared), default=0) or 1
    items = []
    for i, (label, values, end_text) in enumerate(prepared):
        total = sum(max(v, 0) for v in values)
        scale = PLOT_WIDTH / (total or 1) if normalise else PLOT_WIDTH / top
        y = i * ROW + (ROW - BAR) / 2
        x, segments = float(LABEL_WIDTH), []
        for step, ((key, name), value) in enumerate(zip(series, values, strict=True), start=1):
            width = round(max(value, 0) * scale, 2)
            if width:
                segments.append(
                    Segment(key, name, value, fmt(value, decimals, unit), x, width, step)
                )
            x += width
        items.append(
            Stack(
                label=label,
                short=fit(label, LABEL_WIDTH - 8),
                values=[fmt(v, decimals, unit) for v in values],
                segments=segments,
                y=y,
                text_y=y + BAR - 4,
                end_x=round(x + 6, 2),
                end_text=str(end_text) if end_text is not None else fmt(total, decimals, unit),
            )
        )
    totals = [(label, sum(values)) for label, values, _e in prepared]
    if len(items) == 1:  # one bar: say what its parts are
        desc = "; ".join(
            f"{name}: {text}" for (_key, name), text in zip(series, items[0].values, strict=True)
        )
    else:
        desc = _extremes(totals, decimals, unit)
    return Stacks(
        stacks=items,
        series=[(step, key, name) for step, (key, name) in enumerate(series, start=1)],
        width=WIDTH,
        height=max(len(items), 1) * ROW,
        label_x=LABEL_WIDTH - 8,
        desc=desc,
    )


# --- A line over years ------------------------------------------------------------------


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """0 and ``count`` round steps up to at least ``top`` (0, 250, 500, 750, 1000)."""
    if top <= 0:
        return [0, 1]
    rough = top / count
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    steps = math.ceil(top / step - 1e-9)
    return [round(step * i, 10) for i in range(steps + 1)]


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Line:
    points: list[Point]
    polyline: str
    ticks: list[tuple[float, str]]  # (y, label) of the value axis
    years: list[Point]  # the points whose year is written under the axis
    width: int
    height: int
    left: int
    right: int
    bottom: int
    desc: str


def line(rows: Iterable, *, decimals: int = 0, unit: str = "") -> Line:
    """A line through ``(year, value)`` points, years spaced as years are (gaps show)."""
    rows = sorted((int(year), value) for year, value in rows)
    ticks = nice_ticks(max((v for _y, v in rows), default=0))
    top = ticks[-1] or 1
    plot_w = WIDTH - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    bottom = LINE_TOP + plot_h
    first, last = (rows[0][0], rows[-1][0]) if rows else (0, 0)
    span = (last - first) or 1
    points = [
        Point(
            year=year,
            value=value,
            text=fmt(value, decimals, unit),
            x=round(
                LINE_LEFT + (plot_w * (year - first) / span if last > first else plot_w / 2), 2
            ),
            y=round(bottom - plot_h * max(value, 0) / top, 2),
        )
        for year, value in rows
    ]
    every = math.ceil(len(points) / MAX_YEAR_LABELS) or 1
    labelled = [p for i, p in enumerate(points) if i % every == 0 or i == len(points) - 1]
    if len(labelled) > 1 and labelled[-1].year - labelled[-2].year < every:
        labelled.pop(-2)  # the last year is always written; its neighbour gives way
    return Line(
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        ticks=[(round(bottom - plot_h * t / top, 2), fmt(t, decimals, unit)) for t in ticks],
        years=labelled,
        width=WIDTH,
        height=LINE_HEIGHT,
        left=LINE_LEFT,
        right=WIDTH - LINE_RIGHT,
        bottom=bottom,
        desc=_extremes([(str(y), v) for y, v in rows], decimals, unit),
    )


# --- The choropleth map of Japan --------------------------------------------------------


@functools.cache
def japan_outline() -> dict:
    """The 47 prefectures' paths, keyed ``"01"`` … ``"47"`` (see ``build_japan``)."""
    return json.loads((Path(__file__).resolve().parent / "japan.json").read_text())


# JIS X 0401 order. The names in English are those the prefectures use themselves.
PREFECTURES = [
    ("北海道", "Hokkaido"), ("青森県", "Aomori"), ("岩手県", "Iwate"), ("宮城県", "Miyagi"),
    ("秋田県", "Akita"), ("山形県", "Yamagata"), ("福島県", "Fukushima"), ("茨城県", "Ibaraki"),
    ("栃木県", "Tochigi"), ("群馬県", "Gunma"), ("埼玉県", "Saitama"), ("千葉県", "Chiba"),
    ("東京都", "Tokyo"), ("神奈川県", "Kanagawa"), ("新潟県", "Niigata"), ("富山県", "Toyama"),
    ("石川県", "Ishikawa"), ("福井県", "Fukui"), ("山梨県", "Yamanashi"), ("長野県", "Nagano"),
    ("岐阜県", "Gifu"), ("静岡県", "Shizuoka"), ("愛知県", "Aichi"), ("三重県", "Mie"),
    ("滋賀県", "Shiga"), ("京都府", "Kyoto"), ("大阪府", "Osaka"), ("兵庫県", "Hyogo"),
    ("奈良県", "Nara"), ("和歌山県", "Wakayama"), ("鳥取県", "Tottori"), ("島根県", "Shimane"),
    ("岡山県", "Okayama"), ("広島県", "Hiroshima"), ("山口県", "Yamaguchi"),
    ("徳島県", "Tokushima"), ("香川県", "Kagawa"), ("愛媛県", "Ehime"), ("高知県", "Kochi"),
    ("福岡県", "Fukuoka"), ("佐賀県", "Saga"), ("長崎県", "Nagasaki"), ("熊本県", "Kumamoto"),
    ("大分県", "Oita"), ("宮崎県", "Miyazaki"), ("鹿児島県", "Kagoshima"), ("沖縄県", "Okinawa"),
]  # fmt: skip


def prefecture_number(code) -> int:
    """1–47 from a JIS X 0401 number (13, "13") or a JIS X 0402 code ("130001")."""
    text = str(code).strip()
    number = int(text[:2]) if len(text) == 6 else int(text)
    if not 1 <= number <= 47:
        raise ValueError(f"not a prefecture: {code!r}")
    return number


def prefecture_label(number: int) -> str:
    kanji, english = PREFECTURES[number - 1]
    return kanji if reads_kanji() else english


@dataclass(frozen=True)
class MapClass:
    low: float
    high: float
    ramp: int  # palette step, 1 (lightest) … RAMP_STEPS
    label: str


@dataclass(frozen=True)
class Area:
    number: int
    code: str  # "01" … "47"
    name: str
    value: float | None
    text: str
    path: str
    ramp: int | None  # None: no figure for this prefecture


@dataclass(frozen=True)
class JapanMap:
    areas: list[Area]
    classes: list[MapClass]
    missing: bool
    insets: list[list[float]]
    width: int
    height: int
    desc: str


def _breaks(values: list[float], classes: int) -> list[float]:
    """Bounds of equal classes over the values' range, on round numbers."""
    low, high = min(values), max(values)
    if high == low:
        return [low, high]
    rough = (high - low) / classes
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough)
    start = math.floor(low / step) * step
    count = max(1, math.ceil((high - start) / step - 1e-9))
    return [round(start + step * i, 10) for i in range(count + 1)]


def japan_map(
    values: Mapping, *, classes: int = 5, breaks=None, decimals: int = 0, unit: str = ""
) -> JapanMap:
    """Every prefecture coloured by the class its value falls in.

    ``values`` maps prefecture codes (13, "13" or "130001") to figures; a
    prefecture without one is drawn as "no data". Classes are equal steps over
    the values' range on round numbers, or the given ``breaks`` (ascending
    bounds, the last one inclusive). A class's colour is a step of one
    sequential palette, spread over it whatever the number of classes.
    """
    by_number = {prefecture_number(code): value for code, value in values.items()}
    present = [v for v in by_number.values() if v is not None]
    bounds = list(breaks) if breaks else (_breaks(present, classes) if present else [])
    count = max(len(bounds) - 1, 0)

    def ramp(i: int) -> int:
        if count == 1:
            return RAMP_STEPS // 2 + 1
        # Half up, so that the steps spread evenly from lightest to darkest.
        return 1 + math.floor(i * (RAMP_STEPS - 1) / (count - 1) + 0.5)

    def place(value: float) -> int:
        for i in range(count):
            if value < bounds[i + 1]:
                return i
        return count - 1

    legend = [
        MapClass(
            low=bounds[i],
            high=bounds[i + 1],
            ramp=ramp(i),
            label=_("%(low)s to under %(high)s")
            % {"low": fmt(bounds[i], decimals, unit), "high": fmt(bounds[i + 1], decimals, unit)}
            if i < count - 1
            else _("%(low)s to %(high)s")
            % {"low": fmt(bounds[i], decimals, unit), "high": fmt(bounds[i + 1], decimals, unit)},
        )
        for i in range(count)
    ]
    outline = japan_outline()
    areas = []
    for number in range(1, 48):
        value = by_number.get(number)
        areas.append(
            Area(
                number=number,
                code=f"{number:02d}",
                name=prefecture_label(number),
                value=value,
                text=fmt(value, decimals, unit) if value is not None else _("no data"),
                path=outline["paths"][f"{number:02d}"],
                ramp=ramp(place(value)) if value is not None and count else None,
            )
        )
    named = [(a.name, a.value) for a in areas if a.value is not None]
    return JapanMap(
        areas=areas,
        classes=legend,
        missing=any(a.value is None for a in areas),
        insets=outline["insets"],
        width=outline["width"],
        height=outline["height"],
        desc=_extremes(named, decimals, unit),
    )
