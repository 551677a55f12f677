"""Dates, times, fiscal years and zones as each language writes them."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from clair_portal import dates

SUMMER = datetime(2026, 7, 3, 5, 5, tzinfo=UTC)  # 14:05 in Tokyo, 06:05 in London (BST)
WINTER = datetime(2026, 12, 3, 5, 5, tzinfo=UTC)  # a Thursday; 05:05 in London (GMT)
LONDON = ZoneInfo("Europe/London")


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load dates %}" + source).render(Context(context))


@pytest.fixture
def tagalog_catalogue(monkeypatch):
    """Django serves a language's formats only once a catalogue of it exists; Tagalog's
    is the lead's (locale/tl), so the tests stand one in."""
    from django.utils import formats

    known = formats.check_for_language
    monkeypatch.setattr(formats, "check_for_language", lambda code: code == "tl" or known(code))
    formats._format_cache.clear()
    formats._format_modules_cache.clear()
    yield
    formats._format_cache.clear()
    formats._format_modules_cache.clear()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "3 December 2026|Thu 3 December 2026|Thu 3 December"),
        ("ja", "2026年12月3日|2026年12月3日（木）|12月3日（木）"),
        ("zh-hans", "2026年12月3日|2026年12月3日（星期四）|12月3日（星期四）"),
        ("ko", "2026년 12월 3일|2026년 12월 3일 (목)|12월 3일 (목)"),
        (
            "pt-br",
            "3 de dezembro de 2026|quinta-feira, 3 de dezembro de 2026|quinta-feira, 3 de dezembro",
        ),
        ("es", "3 de diciembre de 2026|jueves, 3 de diciembre de 2026|jueves, 3 de diciembre"),
        (
            "vi",
            "ngày 3 tháng 12 năm 2026|Thứ Năm, ngày 3 tháng 12 năm 2026|Thứ Năm, ngày 3 tháng 12",
        ),
        ("tl", "Disyembre 3, 2026|Huwebes, Disyembre 3, 2026|Huwebes, Disyembre 3"),
    ],
)
def test_days_in_each_language(tagalog_catalogue, language, expected):
    shown = render("{{ d|day }}|{{ d|day_with_weekday }}|{{ d|month_day }}", language, d=WINTER)
    assert shown == expected


@pytest.mark.parametrize(
    ("language", "clock", "moment"),
    [
        ("zh-hans", "14:05", "2026年12月3日 14:05（"),
        ("ko", "14:05", "2026년 12월 3일 14:05 ("),
        ("pt-br", "14:05", "3 de dezembro de 2026, 14:05 ("),
        ("es", "14:05", "3 de diciembre de 2026, 14:05 ("),
        ("vi", "14:05", "14:05 ngày 3 tháng 12 năm 2026 ("),
        ("tl", "14:05", "Disyembre 3, 2026, 14:05 ("),
    ],
)
def test_times_in_the_community_languages_use_the_24_hour_clock(
    tagalog_catalogue, language, clock, moment
):
    assert render("{{ t|clock }}", language, t=WINTER) == clock
    assert render("{{ t|moment }}", language, t=WINTER).startswith(moment)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,234,567|1,234.5"),
        ("ja", "1,234,567|1,234.5"),
        ("zh-hans", "1,234,567|1,234.5"),
        ("ko", "1,234,567|1,234.5"),
        ("pt-br", "1.234.567|1.234,5"),
        ("es", "1.234.567|1.234,5"),
        ("vi", "1.234.567|1.234,5"),
        ("tl", "1,234,567|1,234.5"),
    ],
)
def test_numbers_in_each_language(tagalog_catalogue, language, expected):
    shown = Template("{% load humanize %}{{ n|intcomma }}|{{ x|floatformat:'1g' }}")
    with translation.override(language):
        assert shown.render(Context({"n": 1234567, "x": 1234.5})) == expected


def test_times_in_each_language_and_in_japan_outside_a_request():
    assert render("{{ t|clock }}", "en", t=WINTER) == "14:05"
    assert render("{{ t|clock }}", "ja", t=WINTER) == "14時05分"
    assert render("{{ t|moment }}", "en", t=WINTER) == "3 December 2026, 14:05 (Japan time (JST))"
    assert render("{{ t|moment }}", "ja", t=WINTER) == "2026年12月3日 14時05分（日本時間）"


@pytest.mark.parametrize(
    ("at", "language", "expected"),
    [
        (SUMMER, "en", "London time (BST)"),
        (WINTER, "en", "London time (GMT)"),
        (SUMMER, "ja", "ロンドン時間（夏時間）"),
        (WINTER, "ja", "ロンドン時間"),
    ],
)
def test_zones_are_named_in_words_with_summer_time(at, language, expected):
    assert render("{{ z|zone_name:at }}", language, z=LONDON, at=at) == expected


@pytest.mark.parametrize(
    ("zone", "en", "ja"),
    [
        ("Asia/Singapore", "Singapore time (SGT)", "シンガポール時間"),
        ("Asia/Shanghai", "Beijing time (CST)", "北京時間"),
        ("Australia/Sydney", "Sydney time (AEST)", "シドニー時間"),
        ("America/New_York", "New York time (EDT)", "ニューヨーク時間（夏時間）"),
        ("Europe/Paris", "Paris time (CEST)", "パリ時間（夏時間）"),
        ("Asia/Seoul", "Seoul time (KST)", "ソウル時間"),
    ],
)
def test_every_office_zone_has_a_name_and_never_a_bare_offset(zone, en, ja):
    with translation.override("en"):
        assert dates.zone_name(zone, SUMMER) == en
    with translation.override("ja"):
        assert dates.zone_name(zone, SUMMER) == ja


def test_a_zone_without_a_name_falls_back_to_its_city_in_words():
    with translation.override("en"):
        assert dates.zone_name("America/Los_Angeles", SUMMER) == "Los Angeles time (summer time)"


def test_an_office_deadline_shows_the_viewers_time_and_the_offices_beside_it():
    shown = render("{{ t|moment:zone }}", "en", t=SUMMER, zone=LONDON)
    assert shown == "3 July 2026, 14:05 (Japan time (JST)); 06:05 London time (BST)"
    shown = render("{{ t|moment:zone }}", "ja", t=SUMMER, zone=LONDON)
    assert shown == "2026年7月3日 14時05分（日本時間）、ロンドン時間（夏時間）では6時05分"
    # On another day in the office's zone, the office's date is given too.
    late = datetime(2026, 7, 3, 16, 0, tzinfo=UTC)  # 4 July 01:00 in Tokyo
    shown = render("{{ t|moment:zone }}", "en", t=late, zone=LONDON)
    assert shown == "4 July 2026, 01:00 (Japan time (JST)); 3 July 2026, 17:00 London time (BST)"


@pytest.mark.parametrize(
    ("year", "en", "ja", "ja_era"),
    [
        (2026, "FY2026", "2026年度", "令和8年度（2026年度）"),
        (2019, "FY2019", "2019年度", "令和元年度（2019年度）"),
        (2018, "FY2018", "2018年度", "平成30年度（2018年度）"),
        (1989, "FY1989", "1989年度", "平成元年度（1989年度）"),
        (1988, "FY1988", "1988年度", "昭和63年度（1988年度）"),
    ],
)
def test_fiscal_years_with_the_era_officials_use(year, en, ja, ja_era):
    assert render("{{ y|fiscal_year }}", "en", y=year) == en
    assert render("{{ y|fiscal_year }}", "ja", y=year) == ja
    assert render('{{ y|fiscal_year:"era" }}', "ja", y=year) == ja_era


def test_english_fiscal_year_with_era_names_it_in_romaji():
    assert render('{{ y|fiscal_year:"era" }}', "en", y=2026) == "FY2026 (Reiwa 8)"


def test_time_tag_keeps_the_machine_date_in_its_attribute():
    shown = render("{% time_tag t %}", "ja", t=WINTER)
    assert (
        shown
        == '<time datetime="2026-12-03T05:05:00+00:00">2026年12月3日 14時05分（日本時間）</time>'
    )
    assert render('{% time_tag d style="day" %}', "en", d=date(2026, 12, 3)) == (
        '<time datetime="2026-12-03">3 December 2026</time>'
    )


def test_empty_values_show_nothing():
    assert render("{{ n|day }}{{ n|moment }}{{ n|clock }}{{ n|fiscal_year }}", "en", n=None) == ""


@pytest.mark.django_db
def test_an_office_member_reads_times_in_the_office_zone(cast):
    """The middleware asks the apps' zones hook once, and only when a time is shown."""
    request = RequestFactory().get("/")
    request.user = cast.office_a  # London
    seen = []

    def view(request):
        seen.append(dates.moment(SUMMER))
        seen.append(dates.moment(WINTER))
        return None

    with translation.override("en"):
        dates.ViewerZoneMiddleware(view)(request)
    assert seen == [
        "3 July 2026, 06:05 (London time (BST))",
        "3 December 2026, 05:05 (London time (GMT))",
    ]
    # Outside the request, Japan again.
    assert dates.viewer_zone() == dates.JAPAN


@pytest.mark.django_db
def test_everyone_else_reads_japan_time(cast, django_assert_num_queries):
    for user in (cast.hq, cast.participant):
        request = RequestFactory().get("/")
        request.user = user
        with translation.override("en"):
            dates.ViewerZoneMiddleware(lambda r: None)(request)
        assert dates.zone_for(user) == dates.JAPAN
    # A page that shows no time asks nothing.
    request = RequestFactory().get("/")
    request.user = cast.office_b
    with django_assert_num_queries(0):
        dates.ViewerZoneMiddleware(lambda r: None)(request)
