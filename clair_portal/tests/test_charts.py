"""The chart kit: what the tags draw, measured in their SVG and tables."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.utils import translation

from clair_portal import charts


def render(source: str, language: str = "en", **context) -> str:
    with translation.override(language):
        return Template("{% load charts %}" + source).render(Context(context))


def svg_of(html: str) -> ET.Element:
    """The chart's <svg> as XML (inline SVG needs no namespace)."""
    return ET.fromstring(re.search(r"<svg .*?</svg>", html, re.DOTALL).group(0))


def table_rows(html: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.DOTALL).group(1)
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in body.split("</tr>")[:-1]]


def assert_accessible(html: str, chart_id: str) -> ET.Element:
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert svg.find("title").get("id") == f"{chart_id}-title" and svg.find("title").text
    assert svg.find("desc").get("id") == f"{chart_id}-desc" and svg.find("desc").text
    assert "<details" in html and "<summary>" in html and "<table>" in html
    # The Content Security Policy forbids inline style and script.
    assert not re.search(r"\sstyle=|<style|<script|\son[a-z]+=", html)
    return svg


BARS = (
    '{% bar_chart rows id="b" title="Share without" label_heading="Prefecture" '
    'value_heading="Share" unit="%" scale_max=scale_max %}'
)


def test_bar_lengths_are_proportional_to_the_values():
    rows = [("Hokkaido", 80), ("Tokyo", 20), ("Nagasaki", 40), ("Okinawa", 0)]
    svg = assert_accessible(render(BARS, rows=rows, scale_max=None), "b")
    widths = [float(r.get("width")) for r in svg.iter("rect")]
    assert widths == [charts.PLOT_WIDTH, charts.PLOT_WIDTH / 4, charts.PLOT_WIDTH / 2, 0]
    # Against a fixed whole (100%), not the largest value.
    svg = svg_of(render(BARS, rows=rows, scale_max=100))
    assert [float(r.get("width")) for r in svg.iter("rect")] == [288, 72, 144, 0]


def test_every_bar_starts_at_the_axis_and_no_bar_leaves_the_view_box():
    rows = [(f"P{i}", v) for i, v in enumerate([3, 97, 55, 100, 12])]
    svg = svg_of(render(BARS, rows=rows, scale_max=100))
    width = float(svg.get("viewBox").split()[2])
    for rect in svg.iter("rect"):
        assert float(rect.get("x")) == charts.LABEL_WIDTH
        assert float(rect.get("x")) + float(rect.get("width")) <= width
    # The svg scales with its view box (CSS shrinks it): it has no fixed clip.
    assert svg.get("viewBox") == f"0 0 {charts.WIDTH} {5 * charts.ROW}"


def test_bar_figures_are_in_the_table_and_each_bar_names_itself():
    html = render(BARS, rows=[("Tokyo", 12345), ("Gifu", 7)], scale_max=None)
    assert table_rows(html) == [["Tokyo", "12,345%"], ["Gifu", "7%"]]
    assert [t.text for t in svg_of(html).iter("title")][1:] == ["Tokyo: 12,345%", "Gifu: 7%"]
    assert "Largest: Tokyo (12,345%). Smallest: Gifu (7%)." in html


def test_labels_and_numbers_follow_the_page_language():
    rows = [("Tokyo", 1234.5)]
    source = '{% bar_chart rows id="b" title="T" label_heading="L" value_heading="V" decimals=1 %}'
    english = render(source, rows=rows)
    assert "The figures as a table" in english and "1,234.5" in english
    japanese = render(source, "ja", rows=rows)
    assert "数値を表で見る" in japanese and "最大：Tokyo（1,234.5）" in japanese
    # A locale with a decimal comma changes the figures shown, never the SVG geometry.
    portuguese = render(source, "pt-br", rows=rows)
    assert "1.234,5" in portuguese
    assert svg_of(portuguese).find(".//rect").get("width") == "360.0"


def test_half_is_rounded_up_not_cut_off():
    assert charts.fmt(2.5) == "3" and charts.fmt(0.125, 2) == "0.13" and charts.fmt(None) == "—"


def test_long_labels_are_cut_in_the_svg_and_whole_in_the_table():
    name = "United Kingdom of Great Britain and Northern Ireland"
    html = render(BARS, rows=[(name, 1)], scale_max=None)
    shown = svg_of(html).find(".//text").text
    assert shown.endswith("…") and name.startswith(shown[:-1])
    assert table_rows(html) == [[name, "1%"]]
    assert charts.fit("北海道", 100) == "北海道"
    assert charts.fit("鹿児島県鹿児島県鹿児島県", 60).endswith("…")


STACKED = (
    '{% stacked_chart rows series id="s" title="Reports" label_heading="Office" '
    'end_heading="Rate" normalise=normalise %}'
)
SERIES = [("on_time", "on time"), ("late", "late"), ("missing", "missing")]


def test_stacked_segments_are_proportional_and_sit_end_to_end():
    rows = [("London", [6, 2, 4], "50%"), ("Paris", [3, 0, 0], "100%")]
    html = render(STACKED, rows=rows, series=SERIES, normalise=False)
    svg = assert_accessible(html, "s")
    london, paris = svg.findall("g")
    segments = [
        (r.get("class"), float(r.get("x")), float(r.get("width"))) for r in london.findall("rect")
    ]
    unit = charts.PLOT_WIDTH / 12
    assert [w for _c, _x, w in segments] == [6 * unit, 2 * unit, 4 * unit]
    assert [x for _c, x, _w in segments] == [200, 200 + 6 * unit, 200 + 8 * unit]
    assert "chart__seg--late" in segments[1][0] and "chart-fill-2" in segments[1][0]
    # A zero draws no segment; the table still gives it.
    assert len(paris.findall("rect")) == 1
    assert table_rows(html) == [["London", "6", "2", "4", "50%"], ["Paris", "3", "0", "0", "100%"]]
    assert html.count('class="chart__swatch') == 3


def test_normalised_stacks_fill_the_plot_each():
    rows = [("A", [1, 1, 2]), ("B", [10, 0, 30])]
    svg = svg_of(render(STACKED, rows=rows, series=SERIES, normalise=True))
    for group in svg.findall("g"):
        assert sum(float(r.get("width")) for r in group.findall("rect")) == charts.PLOT_WIDTH


def test_a_stack_needs_one_value_per_series():
    with pytest.raises(ValueError, match="2 values for 3 series"):
        charts.stacked([("A", [1, 2])], SERIES)


def test_one_stack_describes_its_parts():
    html = render(STACKED, rows=[("Budget", [10, 20, 70])], series=SERIES, normalise=True)
    assert svg_of(html).find("desc").text == "on time: 10; late: 20; missing: 70"


LINE = '{% line_chart rows id="l" title="Participants" label_heading="Year" value_heading="N" %}'


def test_the_line_spaces_years_as_years_and_scales_values_to_round_ticks():
    rows = [(2020, 400), (2021, 800), (2024, 200)]
    svg = assert_accessible(render(LINE, rows=rows), "l")
    circles = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter("circle")]
    xs = [x for x, _y in circles]
    # 2021 is a quarter of the way from 2020 to 2024.
    assert (xs[1] - xs[0]) * 4 == pytest.approx(xs[2] - xs[0])
    ticks = [t.text for t in svg.iter("text") if t.get("text-anchor") == "end"]
    assert ticks == ["0", "200", "400", "600", "800"]
    bottom = charts.LINE_HEIGHT - charts.LINE_BOTTOM
    height = bottom - charts.LINE_TOP
    assert [y for _x, y in circles] == [bottom - height / 2, bottom - height, bottom - height / 4]
    assert svg.find("polyline").get("points").split() == [f"{x},{y}" for x, y in circles]
    assert table_rows(render(LINE, rows=rows)) == [
        ["2020", "400"],
        ["2021", "800"],
        ["2024", "200"],
    ]


def test_a_long_run_of_years_writes_at_most_twelve_of_them_and_always_the_last():
    rows = [(year, year - 1980) for year in range(1987, 2027)]
    years = [p.year for p in charts.line(rows).years]
    assert len(years) <= charts.MAX_YEAR_LABELS and years[0] == 1987 and years[-1] == 2026


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (800, [0, 200, 400, 600, 800]),
        (7, [0, 2, 4, 6, 8]),
        (0, [0, 1]),
        (1234, [0, 500, 1000, 1500]),
    ],
)
def test_nice_ticks(top, ticks):
    assert charts.nice_ticks(top) == ticks


MAP = (
    '{% japan_map values id="m" title="Share without" value_heading="Share" '
    "breaks=breaks unit='%' %}"
)


def test_the_map_has_47_prefectures_from_the_shipped_outlines():
    outline = charts.japan_outline()
    assert sorted(outline["paths"]) == [f"{n:02d}" for n in range(1, 48)]
    assert all(re.fullmatch(r"M\d+ \d+l[-\d ]+z", d) for d in outline["paths"].values())
    assert len(outline["insets"]) == 2  # Hokkaido and Okinawa are framed as moved


def test_each_prefecture_is_a_path_with_the_class_of_its_value():
    # Prefecture n has the value 2n: Hokkaido 2, Tokyo 26, Nagasaki 84, Okinawa 94.
    values = {f"{n:02d}0000": 2 * n for n in range(1, 48)}
    html = render(MAP, values=values, breaks=[0, 20, 40, 60, 80, 100])
    svg = assert_accessible(html, "m")
    paths = {p.get("data-prefecture"): p for p in svg.iter("path")}
    assert len(paths) == 47
    ramp = {code: p.get("class").split()[-1] for code, p in paths.items()}
    # Five classes spread over the seven-step palette: steps 1, 3, 4, 6 and 7 (rounded).
    assert ramp["01"] == ramp["09"] == "chart-ramp-1"  # 2, 18: under 20
    assert ramp["10"] == "chart-ramp-3"  # 20: 20 to under 40
    assert ramp["13"] == "chart-ramp-3"  # 26
    assert ramp["20"] == "chart-ramp-4"  # 40
    assert ramp["30"] == "chart-ramp-6"  # 60
    assert ramp["42"] == ramp["47"] == "chart-ramp-7"  # 84, 94: 80 to 100
    assert paths["42"].find("title").text == "Nagasaki: 84%"
    legend = re.findall(r'chart__swatch (chart-ramp-\d)" aria-hidden="true"></span>([^<]+)<', html)
    assert legend == [
        ("chart-ramp-1", "0% to under 20%"),
        ("chart-ramp-3", "20% to under 40%"),
        ("chart-ramp-4", "40% to under 60%"),
        ("chart-ramp-6", "60% to under 80%"),
        ("chart-ramp-7", "80% to 100%"),
    ]
    assert "No data" not in html
    assert table_rows(html)[41] == ["Nagasaki", "84%"]


def test_a_prefecture_without_a_figure_is_drawn_as_no_data():
    html = render(MAP, values={"42": 50, 13: 10}, breaks=None)
    paths = {p.get("data-prefecture"): p for p in svg_of(html).iter("path")}
    assert "chart-ramp-none" in paths["01"].get("class")
    assert paths["01"].find("title").text == "Hokkaido: no data"
    assert "chart-ramp-none" not in paths["42"].get("class")
    assert "No data</li>" in html


def test_equal_classes_on_round_numbers_when_no_breaks_are_given():
    shown = charts.japan_map({1: 3, 2: 18, 3: 47})
    assert [(c.low, c.high) for c in shown.classes] == [
        (0, 10),
        (10, 20),
        (20, 30),
        (30, 40),
        (40, 50),
    ]
    assert len({c.ramp for c in shown.classes}) == 5


def test_prefecture_names_in_the_page_language():
    values = {42: 84}
    japanese = render(MAP, "ja", values=values, breaks=None)
    paths = {p.get("data-prefecture"): p for p in svg_of(japanese).iter("path")}
    assert paths["42"].find("title").text == "長崎県: 84%"
    assert paths["01"].find("title").text == "北海道: データなし"
    assert "凡例" in japanese and "都道府県" in japanese and "84%以上84%以下" in japanese


@pytest.mark.parametrize("code", ["00", "48", "480000", "x"])
def test_a_code_that_is_no_prefecture_is_refused(code):
    with pytest.raises(ValueError):
        charts.prefecture_number(code)
