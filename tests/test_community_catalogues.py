"""The public pages in the community languages: every string they show is translated.

The crawl walks the public pages (the demo data loaded) as an anonymous visitor in
each community language: every link within three clicks, every public form sent empty
(its errors), a partner-seeking request made up to its check page, the error pages,
and a staff member who picks the language. It records which templates were rendered
and which strings the code looked up. The list of public strings
(``locale/community.pot``) must hold them all, and each language's catalogue must
translate every one of them: no empty or fuzzy entry, the placeholders kept.

``make community-messages`` (``--write-catalogues``) rewrites the list from the crawl
and adds the new strings to every catalogue for translators (clair_portal/testing/catalogues.py).
"""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import get_template
from django.test import Client
from django.utils import translation

from clair_portal.accounts.models import User
from clair_portal.languages import COMMUNITY_LANGUAGES
from clair_portal.testing import catalogues
from clair_portal.testing.crawl import crawl

ERROR_TEMPLATES = ["400.html", "403.html", "403_csrf.html", "404.html", "429.html", "500.html"]
ERROR_TEMPLATES += ["503.html"]
DEEP = {"tl", "zh-hans"}
# Forms that change nothing worth checking when sent empty: the language menu, log-out.
NOT_SENT = ("/i18n/", "/accounts/logout/")


class Forms(HTMLParser):
    """The (action, method) of every form on a page."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            values = dict(attrs)
            self.forms.append((values.get("action") or "", (values.get("method") or "get").lower()))


class Visit:
    """What the public pages used in one language: templates, strings, answers."""

    def __init__(self, language: str):
        self.language = language
        self.templates: dict[str, str] = {}  # template path -> first page that rendered it
        self.statuses: dict[str, int] = {}
        self.wrong_lang: list[str] = []
        self.forms: set[tuple[str, str]] = set()

    def on_page(self, url, response):
        for template in getattr(response, "templates", None) or []:
            name = getattr(template.origin, "name", None)
            if name and _ours(name):
                self.templates.setdefault(name, urlsplit(url).path)
        if response.headers.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            if response.status_code == 200 and f'<html lang="{self.language}">' not in html:
                self.wrong_lang.append(url)
            parser = Forms()
            parser.feed(html)
            for action, method in parser.forms:
                if method == "post" and not action.startswith(NOT_SENT):
                    self.forms.add((action or urlsplit(url).path, url))


class PageClient(Client):
    """A client that says which page the strings looked up now belong to."""

    def request(self, **request):
        catalogues.where_now[0] = _strip_language(request.get("PATH_INFO", ""))
        return super().request(**request)


def _ours(path: str) -> bool:
    base = Path(settings.BASE_DIR).resolve()
    resolved = Path(path).resolve()
    return resolved.is_relative_to(base) and ".venv" not in resolved.parts


def _strip_language(path: str) -> str:
    parts = path.split("/", 2)
    return "/" + parts[2] if len(parts) > 2 and parts[1] in COMMUNITY_LANGUAGES else path


def visit(language: str, number: int) -> Visit:
    seen = Visit(language)
    client = PageClient(REMOTE_ADDR=f"198.51.100.{number}")
    # Every click deep in two languages (what the code looks up is the same in each; one
    # without Django's own translations, one in a CJK script); the front pages in the rest.
    depth = 3 if language in DEEP else 1
    statuses, _found = crawl(
        client, f"/{language}/", depth=depth, on_page=seen.on_page, within=f"/{language}/"
    )
    seen.statuses.update(statuses)
    # Every public form sent empty: its errors.
    for action, page in sorted(seen.forms):
        response = client.post(action, {})
        seen.on_page(page, response)
    # A partner-seeking request made, checked and changed (the requester's pages).
    from sistercities.tests.test_partner_requests import form_data

    response = client.post(f"/{language}/sister-cities/partners/new/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    check = response["Location"]
    for url in (check, check + "edit/"):
        seen.on_page(url, client.get(url))
    response = client.post(check, {})
    assert response.status_code == 302, response.content.decode()[:2000]
    seen.on_page(response["Location"], client.get(response["Location"]))
    # The API's documentation has one address for all languages: the visitor's own.
    seen.on_page("/api/docs/", client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE=language))
    # A page that is not there.
    missing = f"/{language}/no-such-page/"
    seen.on_page(missing, client.get(missing))
    # A staff member who chose this language: told once that staff pages are in English.
    staff = PageClient(REMOTE_ADDR=f"198.51.100.{number + 100}")
    staff.force_login(User.objects.get(email="hq@clair-demo.test"))
    response = staff.get(f"/{language}/offices/reports/")
    assert response.status_code == 302 and response["Location"].startswith("/en/")
    return seen


@pytest.fixture
def demo(reference_data, settings):
    settings.DEBUG = True  # the demo data exists only with DEBUG on
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False


@pytest.mark.django_db
def test_public_pages_show_only_translated_strings(demo, request):
    keys: dict[catalogues.Key, set[str]] = {}
    untranslated: dict[str, set] = {}
    failures = []
    with catalogues.recorded_lookups() as looked_up:
        visits = [visit(code, n) for n, code in enumerate(COMMUNITY_LANGUAGES, start=1)]
        for name in ERROR_TEMPLATES:
            catalogues.where_now[0] = name
            for code in COMMUNITY_LANGUAGES:
                with translation.override(code):
                    get_template(name).render({"retry_after": 60})
    for seen in visits:
        failures += [
            f"{seen.language}: {status} {url}"
            for url, status in seen.statuses.items()
            if status != 200
        ]
        failures += [f"{seen.language}: no lang attribute at {url}" for url in seen.wrong_lang]
        templates = {**seen.templates}
        templates.update({str(get_template(n).origin.name): n for n in ERROR_TEMPLATES})
        for path in templates:
            relative = str(Path(path).resolve().relative_to(Path(settings.BASE_DIR).resolve()))
            for key in catalogues.template_keys(Path(path)):
                keys.setdefault(key, set()).add(relative)
    for key, page in looked_up.items():
        keys.setdefault(key, set()).add(page)
        for code in COMMUNITY_LANGUAGES:
            if not catalogues.is_translated(key, code):
                untranslated.setdefault(code, set()).add(key)
    if request.config.getoption("--write-catalogues"):
        catalogues.write({key: sorted(where) for key, where in keys.items()})
        return
    listed = catalogues.read_template()
    failures += [
        f"not in locale/community.pot: {catalogues._show(key)} ({', '.join(sorted(where))})"
        for key, where in sorted(keys.items(), key=lambda kv: catalogues._sort_key(kv[0]))
        if key not in listed
    ]
    for code, missing in sorted(untranslated.items()):
        failures += [
            f"{code}: untranslated: {catalogues._show(k)}"
            for k in sorted(missing, key=catalogues._sort_key)
        ]
    assert failures == [], f"{len(failures)} problems:\n" + "\n".join(failures[:200])


@pytest.mark.parametrize("code", COMMUNITY_LANGUAGES)
def test_each_catalogue_translates_every_public_string(code):
    problems = catalogues.problems_of(code)
    assert problems == [], f"{len(problems)} problems in {code}:\n" + "\n".join(problems[:200])


@pytest.mark.parametrize("code", COMMUNITY_LANGUAGES)
def test_each_language_has_a_glossary_of_fixed_terms(code):
    glossary = catalogues.glossary_path(code)
    assert glossary.is_file(), f"{glossary} is missing"
    text = glossary.read_text(encoding="utf-8")
    for term in (
        "sister city",
        "local government",
        "prefecture",
        "JET Programme",
        "residence card",
    ):
        assert term.lower() in text.lower(), f"{glossary} does not fix {term!r}"


def test_the_checks_fail_on_an_untranslated_string(tmp_path, settings, monkeypatch):
    """A catalogue with an empty, a fuzzy, a missing and a broken entry is refused."""
    import polib

    settings.BASE_DIR = tmp_path
    keys = {
        (None, "Search", None): ["t.html"],
        (None, "Library", None): ["t.html"],
        (None, "%(count)s documents", None): ["t.html"],
        ("menu", "More", None): ["t.html"],
    }
    catalogues.write(keys)
    po = polib.pofile(str(catalogues.catalogue_path("ko")))
    entries = {catalogues.entry_key(e): e for e in po}
    entries[(None, "Search", None)].msgstr = "검색"
    entries[(None, "Library", None)].msgstr = "자료실"
    entries[(None, "Library", None)].flags.append("fuzzy")
    entries[(None, "%(count)s documents", None)].msgstr = "문서 %(number)s개"
    po.remove(entries[("menu", "More", None)])
    po.save()
    problems = catalogues.problems_of("ko")
    assert problems == [
        "placeholders ['%(number)s'] instead of ['%(count)s']: '%(count)s documents'",
        "fuzzy: 'Library'",
        "missing: 'More' (context 'menu')",
    ]


def test_template_strings_are_read_from_every_branch(tmp_path):
    template = tmp_path / "t.html"
    template.write_text(
        "{% load i18n %}{% if x %}\n  {% translate 'Shown' %}\n{% else %}\n"
        "{% blocktranslate count n=x %}{{ n }} file{% plural %}{{ n }} files{% endblocktranslate %}"
        '\n{% translate "More" context "menu" %}{% endif %}',
        encoding="utf-8",
    )
    assert catalogues.template_keys(template) == {
        (None, "Shown", None): 2,
        (None, "%(n)s file", "%(n)s files"): 4,
        ("menu", "More", None): 5,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("code", COMMUNITY_LANGUAGES)
def test_the_public_front_doors_answer_in_each_language(client, reference_data, code):
    for path in ("/", "/multicultural/library/", "/sister-cities/?q=ナガサキ"):
        response = client.get(f"/{code}{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{code}">' in response.content.decode(), path
        assert f'hreflang="{code}"' in response.content.decode(), path
