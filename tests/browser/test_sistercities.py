"""The partner search as a visitor uses it: a name in every script, by keyboard, and a download."""

import csv
import io

import pytest

from sistercities.tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(reference_data):
    return World()


def result_partners(page) -> list[str]:
    return [
        row.locator("td").nth(1).inner_text().split("\n")[0]
        for row in page.locator("table.sc-table tbody tr").all()
    ]


@pytest.mark.parametrize(
    ("language", "typed"),
    [("ja", "長崎"), ("ja", "ながさき"), ("ja", "ナガサキ"), ("ja", "ﾅｶﾞｻｷ"),
     ("en", "nagasaki"), ("en", "Nagasaki-shi"), ("en", "St. Paul")],
)  # fmt: skip
def test_a_search_in_each_script_finds_nagasaki_and_saint_paul(visitor, world, language, typed):
    visitor.visit(f"/{language}/sister-cities/")
    page = visitor.page
    page.get_by_role("searchbox").fill(typed)
    with page.expect_navigation():
        page.get_by_role("searchbox").press("Enter")
    visitor.check(f"searched {typed}")
    assert result_partners(page) == ["Saint Paul"]
    heading = page.locator("#results-heading").inner_text()
    assert heading == ("1件の提携" if language == "ja" else "1 affiliation")
    # The URL carries the search, so it can be shared.
    assert "q=" in page.url


def test_filters_and_sorting_by_keyboard_alone(visitor, world):
    visitor.visit("/en/sister-cities/")
    page = visitor.page
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    # Walk the form by Tab: every control is reachable and has a visible label.
    reached = []
    for _ in range(14):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id"))
    for name in ["q", "prefecture", "lg_kind", "country", "region", "kind", "status", "field",
                 "year", "decade", "sort"]:  # fmt: skip
        assert f"id_{name}" in reached, reached
        label = page.locator(f'label[for="id_{name}"]')
        assert label.is_visible() and label.inner_text().strip()
    page.locator("#id_country").focus()
    page.keyboard.type("United States of America")  # a select picks the option typed
    page.locator("#id_sort").focus()
    page.locator("#id_sort").select_option("-established")
    page.keyboard.press("Tab")  # the Search button comes right after the last filter
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "country=US" in page.url
    visitor.check("filtered by keyboard")
    assert result_partners(page) == ["Portland", "Portland", "Saint Paul"]
    assert "3 affiliations" in page.locator("#results-heading").inner_text()


def test_a_download_is_exactly_the_results_shown(visitor, world):
    visitor.visit("/en/sister-cities/?country=US&sort=-established")
    page = visitor.page
    with page.expect_download() as caught:
        page.get_by_role("link", name="CSV").click()
    text = open(caught.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["partner (English)"] for r in rows] == ["Portland", "Portland", "Saint Paul"]
    assert rows[-1]["Japanese local government codes"] == "422011"
    with page.expect_download() as caught:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert caught.value.suggested_filename.endswith(".xlsx")


def test_detail_and_gap_pages_in_japanese(visitor, world):
    visitor.visit(f"/ja/sister-cities/{world.nagasaki_st_paul.pk}/")
    assert "長崎市" in visitor.page.locator("main").inner_text()
    visitor.visit("/ja/sister-cities/gaps/?prefecture=420000")
    main = visitor.page.locator("main").inner_text()
    assert "長崎県で提携のない自治体" in main and "佐世保市" in main


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_gap_map_and_bars_are_drawn_to_scale(visitor, world, language):
    visitor.visit(f"/{language}/sister-cities/gaps/", label=f"gap map {language}")
    page = visitor.page
    map_svg = page.locator("svg[aria-labelledby='gap-map-title gap-map-desc']")
    assert map_svg.locator("path").count() == 47
    box = map_svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 300  # drawn, not squeezed to a stub
    nagasaki = "長崎県" if language == "ja" else "Nagasaki"
    # Rendered widths on screen: each bar as long as its share (Nagasaki 86%, the
    # longest 100%), whatever the width of its column.
    widths = page.evaluate(
        """() => Array.from(document.querySelectorAll(
              "svg[aria-labelledby='gap-bars-title gap-bars-desc'] rect"))
            .map(r => [r.querySelector("title").textContent, r.getBoundingClientRect().width])"""
    )
    assert len(widths) == 47
    longest = widths[0][1]
    shown = {title.rsplit(": ", 1)[0]: width for title, width in widths}
    assert longest > 100
    assert shown[nagasaki] / longest == pytest.approx(0.86, abs=0.01)
    page.locator("summary").first.click()
    visitor.check(f"gap map {language} with its table open")
    assert page.locator("details[open] tbody tr").count() == 47


@pytest.mark.parametrize("language", ["en", "ja"])
def test_on_a_phone_the_results_come_first_and_the_filters_fold_away(visitor, world, language):
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.visit(f"/{language}/sister-cities/?q=nagasaki", label=f"phone search {language}")
    filters = page.locator("details.sc-filters-disclosure")
    assert filters.get_attribute("open") is None and not page.locator("#id_country").is_visible()
    # The results begin on the first screen, right under the search box.
    assert page.locator("#results-heading").bounding_box()["y"] < 844
    filters.locator("summary").click()
    assert page.locator("#id_country").is_visible()
    visitor.check(f"phone filters open {language}")

    # A filter applied: the disclosure says so and stands open.
    visitor.visit(f"/{language}/sister-cities/?country=US", label=f"phone filtered {language}")
    applied = {"en": "(1 applied)", "ja": "（1件指定中）"}[language]
    assert applied in filters.locator("summary").inner_text()
    assert filters.get_attribute("open") is not None

    # Where there is room, the filters stand open beside the results.
    page.set_viewport_size({"width": 1280, "height": 900})
    visitor.visit(f"/{language}/sister-cities/?q=nagasaki", label=f"wide search {language}")
    assert page.locator("#id_country").is_visible()
