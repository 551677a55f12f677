"""The list kit: the one pagination include, the list table and the demo notice."""

import re

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

LOAD = "{% load lists %}"


def render(source: str, *, query: str = "", language: str = "en", **context) -> str:
    request = RequestFactory().get("/en/somewhere/", QueryDict(query))
    with translation.override(language):
        return Template(LOAD + source).render(RequestContext(request, context))


def page_of(count: int, number: int, per_page: int = 10):
    return Paginator(range(count), per_page).page(number)


def links(html: str) -> dict[str, str]:
    """Link text (or aria-label) -> href, with HTML entities of the href undone."""
    found = {}
    for attrs, text in re.findall(r"<a ([^>]*)>([^<]*)</a>", html):
        label = re.search(r'aria-label="([^"]*)"', attrs)
        href = re.search(r'href="([^"]*)"', attrs).group(1).replace("&amp;", "&")
        found[label.group(1) if label else text] = href
    return found


def numbers(html: str) -> list[str]:
    """The page window as shown: numbers and ellipses, in order."""
    items = re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]+)(?:</a>)?</li>", html)
    return [i for i in items if i.isdigit() or i == "…"]


def test_one_page_draws_no_pagination():
    assert "<nav" not in render("{% pagination page %}", page=page_of(10, 1))


def test_the_window_shows_two_pages_either_side_with_ellipses():
    html = render("{% pagination page %}", page=page_of(200, 10))
    assert numbers(html) == ["…", "8", "9", "10", "11", "12", "…"]
    assert 'aria-current="page"' in html
    current = re.search(r'<a [^>]*aria-current="page"[^>]*>(\d+)</a>', html)
    assert current.group(1) == "10"
    assert html.count('aria-current="page"') == 1


@pytest.mark.parametrize(
    ("number", "window"),
    [
        (1, ["1", "2", "3", "…"]),
        (3, ["1", "2", "3", "4", "5", "…"]),
        (18, ["…", "16", "17", "18", "19", "20"]),
        (20, ["…", "18", "19", "20"]),
    ],
)
def test_the_window_at_the_ends(number, window):
    assert numbers(render("{% pagination page %}", page=page_of(200, number))) == window


def test_few_pages_are_all_shown():
    assert numbers(render("{% pagination page %}", page=page_of(40, 2))) == ["1", "2", "3", "4"]


def test_first_previous_next_and_last_link_to_their_pages():
    found = links(render("{% pagination page %}", page=page_of(200, 10)))
    assert found["First"] == "?page=1"
    assert found["Previous"] == "?page=9"
    assert found["Next"] == "?page=11"
    assert found["Last"] == "?page=20"
    assert found["Page 12"] == "?page=12"


def test_the_first_page_has_no_first_or_previous_and_the_last_no_next_or_last():
    first = links(render("{% pagination page %}", page=page_of(200, 1)))
    assert "First" not in first and "Previous" not in first and first["Last"] == "?page=20"
    last = links(render("{% pagination page %}", page=page_of(200, 20)))
    assert "Next" not in last and "Last" not in last and last["First"] == "?page=1"


def test_the_count_and_labels_in_english_and_japanese():
    english = render("{% pagination page %}", page=page_of(1234, 3, per_page=25))
    assert "51–75 of 1,234" in english
    assert '<nav class="pagination" aria-label="Pages">' in english
    japanese = render("{% pagination page %}", page=page_of(1234, 3, per_page=25), language="ja")
    assert "1,234件中 51–75件" in japanese
    assert 'aria-label="ページ"' in japanese
    found = links(japanese)
    assert found["最初"] == "?page=1" and found["前へ"] == "?page=2"
    assert found["次へ"] == "?page=4" and found["最後"] == "?page=50"
    assert found["4ページ目"] == "?page=4"


def test_links_keep_every_filter_and_replace_only_the_page():
    html = render(
        "{% pagination page %}",
        page=page_of(200, 2),
        query="state=open&field=3&field=5&q=%E9%95%B7%E5%B4%8E&page=2",
    )
    found = links(html)
    assert found["Next"] == "?state=open&field=3&field=5&q=%E9%95%B7%E5%B4%8E&page=3"
    assert found["First"] == "?state=open&field=3&field=5&q=%E9%95%B7%E5%B4%8E&page=1"
    # Query text is escaped in the attribute: nothing a visitor types becomes markup.
    quoted = render("{% pagination page %}", page=page_of(200, 2), query='q="><script>')
    assert "<script>" not in quoted and "%22%3E%3Cscript%3E" in quoted


def test_an_explicit_query_replaces_the_requests_own():
    html = render(
        "{% pagination page query=cleaned %}",
        page=page_of(200, 2),
        query="q=++nagasaki++&bogus=1",
        cleaned={"q": "nagasaki", "year": 1955, "empty": ""},
    )
    assert links(html)["Next"] == "?q=nagasaki&year=1955&page=3"


def test_without_a_request_the_links_carry_only_the_page():
    html = Template(LOAD + "{% pagination page %}").render(Context({"page": page_of(200, 2)}))
    assert links(html)["Next"] == "?page=3"


LIST = """{% listtable page caption="Things, newest first" class="things" %}
<thead><tr><th scope="col">Thing</th></tr></thead>
<tbody>{% for n in page.object_list %}<tr><td>thing {{ n }}</td></tr>{% endfor %}</tbody>
{% empty %}<p class="none">Nothing yet.</p>{% endlisttable %}"""


def test_listtable_wraps_the_rows_and_pages_them():
    html = render(LIST, page=page_of(30, 2), query="kind=x")
    assert '<div class="table-wrap">' in html
    assert '<table class="list-table things">' in html
    assert "<caption>Things, newest first</caption>" in html
    assert re.findall(r"thing (\d+)", html) == [str(n) for n in range(10, 20)]
    assert links(html)["Next"] == "?kind=x&page=3"
    assert "Nothing yet." not in html


def test_listtable_shows_the_empty_part_without_rows():
    html = render(LIST, page=Paginator([], 10).page(1))
    assert "<table" not in html and '<p class="none">Nothing yet.</p>' in html


def test_listtable_takes_plain_rows_and_a_hidden_caption():
    html = render(
        "{% listtable rows caption='Rows' caption_hidden=True %}<tbody>{% for r in rows %}"
        "<tr><td>{{ r }}</td></tr>{% endfor %}</tbody>{% endlisttable %}",
        rows=["a&b"],
    )
    assert '<caption class="visually-hidden">Rows</caption>' in html
    assert "<td>a&amp;b</td>" in html and "<nav" not in html


def test_listtable_refuses_options_that_are_not_key_value():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template(LOAD + "{% listtable page 'oops' %}{% endlisttable %}")


@pytest.mark.parametrize(
    ("demo", "demo_account", "shown"),
    [(True, False, True), (False, False, False), (True, True, False)],
)
def test_the_demo_notice_shows_for_demo_records_unless_the_account_banner_does(
    demo, demo_account, shown
):
    notice = Template('{% include "_demo_notice.html" %}')
    # A plain Context: a RequestContext would set demo_account from the request's user.
    html = notice.render(Context({"demo": demo, "demo_account": demo_account}))
    assert ('class="demo-notice"' in html) is shown
    assert ("not official information" in html) is shown
    with translation.override("ja"):
        japanese = notice.render(Context({"demo": demo}))
    assert ("公式の情報ではありません" in japanese) is demo


def test_the_old_per_app_includes_are_gone():
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    apps_here = [
        Path(c.path).resolve()
        for c in apps.get_app_configs()
        if Path(c.path).resolve().is_relative_to(base)
    ]
    leftovers = [
        str(p.relative_to(base))
        for app in apps_here
        for name in ("_pagination.html", "_demo_notice.html", "_demo.html")
        for p in (app / "templates").rglob(name)
    ]
    assert leftovers == []
    assert (base / "templates" / "_pagination.html").exists()
