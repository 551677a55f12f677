"""The office directory as a visitor's browser shows it, in English and Japanese."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from offices import booklet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "ja"]
OFFSET = re.compile(r"^UTC[+-]\d{2}:\d{2}$")


def _pick(pair: tuple[str, str], language: str) -> str:
    en, ja = pair
    return ja if language == "ja" and ja else en


def _offset_label(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_headquarters_shows_address_and_every_department_number_both_ways(
    visitor, reference_data, language
):
    visitor.visit(f"/{language}/offices/")
    page = visitor.page
    assert page.locator("html").get_attribute("lang") == language
    hq = page.locator("section.office--hq")
    assert hq.count() == 1
    assert hq.locator("h2").inner_text() == _pick(booklet.HEADQUARTERS["name"], language)
    address = hq.locator(".office__address").inner_text()
    assert address == _pick(booklet.HEADQUARTERS["address"], language)
    if language == "ja":
        assert "〒102-0083 東京都千代田区麹町1-7 相互半蔵門ビル" in address
    else:
        assert "1-7 Kojimachi, Chiyoda-ku, Tokyo 102-0083" in address

    rows = hq.locator("table.departments tbody tr")
    assert rows.count() == len(booklet.DEPARTMENTS)
    for row, (_code, en, ja, tel, fax) in zip(rows.all(), booklet.DEPARTMENTS, strict=True):
        cells = [cell.inner_text().strip() for cell in row.locator("th, td").all()]
        # Tokyo numbers from abroad: drop the leading 0 and dial 81 first.
        assert cells == [
            _pick((en, ja), language),
            tel,
            "+81 " + tel[1:],
            fax,
            "+81 " + fax[1:],
        ]
        assert row.locator("a").get_attribute("href") == "tel:+81-" + tel[1:]
    general_affairs = rows.first.inner_text()
    assert "03-5213-1730" in general_affairs and "+81 3-5213-1730" in general_affairs


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_overseas_office_shows_its_local_time_offset_and_dst(
    visitor, reference_data, language
):
    before = datetime.now(UTC)
    visitor.visit(f"/{language}/offices/")
    after = datetime.now(UTC)
    offices = visitor.page.locator("ul.office-grid > li.office")
    expected = sorted(booklet.OVERSEAS, key=lambda office: office["code"])
    assert offices.count() == len(expected) == 7

    with translation.override(language):
        dst_label = translation.gettext("Daylight saving time in force")
        standard_label = translation.gettext("Standard time")
    for item, office in zip(offices.all(), expected, strict=True):
        zone = ZoneInfo(office["timezone"])
        assert item.locator("h3").inner_text() == _pick(office["name"], language)
        clock = item.locator(f'.office__clock[data-office="{office["code"]}"]')
        shown = datetime.fromisoformat(clock.locator("time").get_attribute("datetime"))
        # The page's clock is the office's wall clock at the moment it was served.
        assert before - timedelta(seconds=1) <= shown <= after + timedelta(seconds=1)
        assert shown.utcoffset() == shown.astimezone(zone).utcoffset()
        local = shown.astimezone(zone)
        assert clock.locator("time").inner_text() == local.strftime("%Y-%m-%d %H:%M")
        offset = clock.locator(".office__offset").inner_text()
        assert OFFSET.match(offset) and offset == _offset_label(local.utcoffset())
        dst = clock.locator(".office__dst").inner_text()
        assert dst == (dst_label if local.dst() else standard_label)
        assert clock.locator(".office__zone").inner_text() == office["timezone"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_york_shows_no_invented_contact_details(visitor, reference_data, language):
    visitor.visit(f"/{language}/offices/")
    new_york = visitor.page.locator("li.office", has=visitor.page.locator("#office-new-york"))
    assert new_york.count() == 1
    assert new_york.locator(".office__pending").is_visible()
    for invented in [".office__address", ".office__contact", ".office__local-name", "a"]:
        assert new_york.locator(invented).count() == 0, invented
    # Only the name and the clock: nothing that the booklet does not give.
    text = new_york.inner_text()
    assert not re.search(r"\+1|@|https?://|\d{3}-\d{4}", text), text


# The browser's own language must not matter: a visitor with a Japanese browser
# reading /en/ pages (or an English one on /ja/) switches like anyone else.
@pytest.mark.parametrize("browser_locale", ["en-US", "ja-JP"])
@pytest.mark.parametrize(("start", "target"), [("en", "ja"), ("ja", "en")])
def test_language_switcher_keeps_the_visitor_on_the_same_page(
    visitor, reference_data, start, target, browser_locale
):
    visitor.visit(f"/{start}/offices/")
    page = visitor.page
    switcher = page.locator("form.language-switcher")
    # Choosing a language is enough: no button to press (it is there without JavaScript).
    assert switcher.get_by_role("button").count() == 0
    with page.expect_navigation():
        switcher.get_by_role("combobox").select_option(target)
    assert page.url.endswith(f"/{target}/offices/"), page.url
    visitor.check(f"switched to {target}")
    assert page.locator("html").get_attribute("lang") == target
    hq_name = page.locator("section.office--hq h2").inner_text()
    assert hq_name == _pick(booklet.HEADQUARTERS["name"], target)
    assert page.locator("#language-select").input_value() == target


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(visitor, reference_data):
    visitor.visit("/en/offices/")
    page = visitor.page
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#main"}
    # A sighted keyboard user must see where focus went.
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0
    visitor.check("skip link focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
