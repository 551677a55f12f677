"""The gap view: the share of local governments without an affiliation, on a map and in bars."""

import re
import xml.etree.ElementTree as ET

import pytest

from clair_portal import charts
from sistercities.views import SHARE_CLASSES

pytestmark = pytest.mark.django_db

GAPS = "/{}/sister-cities/gaps/"


def chart(body: str, chart_id: str) -> ET.Element:
    found = re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title.*?</svg>', body, re.DOTALL)
    return ET.fromstring(found.group(0))


def expected_ramp(share: int) -> str:
    classes = charts.japan_map({1: share}, breaks=SHARE_CLASSES).classes
    return next(f"chart-ramp-{c.ramp}" for c in reversed(classes) if share >= c.low)


def test_the_map_colours_each_prefecture_by_its_share_without(client, world):
    response = client.get(GAPS.format("en"))
    assert response.status_code == 200
    shares = {p["code"][:2]: p["share_without"] for p in response.context["prefectures"]}
    assert len(shares) == 47
    paths = {
        p.get("data-prefecture"): p
        for p in chart(response.content.decode(), "gap-map").iter("path")
    }
    assert len(paths) == 47
    for code, share in shares.items():
        assert paths[code].get("class").split()[-1] == expected_ramp(share), code
    nagasaki = next(p for p in response.context["prefectures"] if p["code"] == "420000")
    assert nagasaki["share_without"] == round(100 * 19 / 22) == 86
    assert paths["42"].find("title").text == "Nagasaki: 86%"


def test_the_bars_are_as_long_as_the_shares(client, world):
    body = client.get(GAPS.format("en")).content.decode()
    svg = chart(body, "gap-bars")
    bars = {
        r.find("title").text.rsplit(": ", 1)[0]: float(r.get("width")) for r in svg.iter("rect")
    }
    assert len(bars) == 47
    shares = {
        p["name"]: p["share_without"] for p in client.get(GAPS.format("en")).context["prefectures"]
    }
    for name, width in bars.items():
        # Scaled to 100%: a bar's length is its share of the plot, never a fixed stub.
        assert width == pytest.approx(charts.PLOT_WIDTH * shares[name] / 100, abs=0.01), name
    assert bars["Nagasaki"] < bars["Kyoto"] < bars["Tokyo"] < bars["Hokkaido"]
    assert len(set(bars.values())) >= 5
    # Highest share first.
    widths = [float(r.get("width")) for r in svg.iter("rect")]
    assert widths == sorted(widths, reverse=True)


def test_the_gap_view_in_japanese(client, world):
    body = client.get(GAPS.format("ja"), {"prefecture": "420000"}).content.decode()
    paths = {p.get("data-prefecture"): p for p in chart(body, "gap-map").iter("path")}
    assert paths["42"].find("title").text == "長崎県: 86%"
    assert paths["13"].find("title").text.startswith("東京都: ")
    assert "都道府県別：提携のない自治体の割合" in body
    assert "80%以上100%以下" in body  # the legend's top class
    assert "数値を表で見る" in body
    labels = [t.text for t in chart(body, "gap-bars").iter("text") if t.get("text-anchor")]
    assert "長崎県" in labels and "北海道" in labels
    assert "長崎県で提携のない自治体" in body


def test_choosing_a_prefecture_links_with_querystring(client, world):
    body = client.get(GAPS.format("en"), {"prefecture": "010006"}).content.decode()
    assert 'href="?prefecture=420000#unaffiliated"' in body
