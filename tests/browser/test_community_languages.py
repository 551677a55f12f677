"""The public portal in each of its eight languages, as a resident reads it.

For each language: home, the living-information library, one of its documents, the
offices' directory and the partner search (in katakana, as a Chinese or Korean reader
might type a Japanese city). Each page passes the visitor's checks (axe, CSP, a phone's
width, readable dates); shows no English string the catalogue translates, outside names
marked with their own language; and, for Chinese, Korean and Vietnamese, is drawn in a
typeface that has the language's characters (the fonts Chromium really used, asked over
the DevTools protocol). The screenshots land in ``test-artifacts/``.
"""

import re
from datetime import date

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

from clair_portal.testing import catalogues
from multicultural.tests import factories as library
from sistercities.tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EIGHT = [code for code, _name in settings.LANGUAGES]
LIBRARY_LANGUAGES = ["ja", "ja-easy", "en", "zh", "ko", "pt", "tl", "vi", "es"]
# The typeface each script needs: a family whose name says it was drawn for it.
TYPEFACES = {"zh-hans": "CJK SC", "ko": "CJK KR"}

# Text runs a reader reads: every text node but code, and not inside an element marked
# with another language (a name in romaji, kanji or its own script).
TEXT_RUNS = """() => {
  const page = document.documentElement.lang;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const runs = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, code, pre, template, noscript')) continue;
    const marked = parent.closest('[lang]');
    if (marked && marked.lang.toLowerCase() !== page.toLowerCase()) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) runs.push(text);
  }
  return runs;
}"""


@pytest.fixture
def world(reference_data):
    world = World()
    document = library.document()
    for code in LIBRARY_LANGUAGES:
        library.version(document, code, date(2026, 4, 1), body=f"Text ({code}).")
    return world


def english_the_catalogue_translates(code: str) -> set[str]:
    """English strings of the public pages that read differently in ``code``."""
    found = set()
    with translation.override(code):
        for entry in polib.pofile(str(catalogues.template_path())):
            if entry.msgid_plural or catalogues.placeholders(entry.msgid):
                continue
            english = entry.msgid.strip()
            if len(english) < 3 or not any(c.isalpha() for c in english):
                continue
            context = entry.msgctxt
            theirs = pgettext(context, entry.msgid) if context else gettext(entry.msgid)
            if theirs.strip() != english:
                found.add(english)
    return found


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium used to draw the element at ``selector`` (family, glyphs)."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        return session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        session.detach()


# The characters only each script has: a heading with one of them was drawn by a
# typeface that has them.
SCRIPT = {
    "zh-hans": re.compile(r"[\u4e00-\u9fff]"),
    "ko": re.compile(r"[\uac00-\ud7a3]"),
    "vi": re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE),
}


def assert_in_its_language(visitor, code: str, label: str, english: set[str]) -> bool:
    """The page is in ``code``; True when its heading's typeface was checked."""
    page = visitor.page
    assert page.evaluate("document.documentElement.lang") == code, label
    if code != "en":
        shown = [run for run in page.evaluate(TEXT_RUNS) if run in english]
        assert shown == [], f"{label} in {code} shows English: {shown}"
    if code not in SCRIPT or not SCRIPT[code].search(page.inner_text("main h1")):
        return False
    fonts = platform_fonts(page, "main h1")
    families = [font["familyName"] for font in fonts]
    if code in TYPEFACES:
        assert any(TYPEFACES[code] in family for family in families), (label, fonts)
    else:  # Vietnamese: a Latin typeface with its accents, not a CJK one's Latin
        assert fonts and all("CJK" not in family for family in families), (label, fonts)
    assert all(font["glyphCount"] > 0 for font in fonts), (label, fonts)
    return True


@pytest.mark.parametrize("code", EIGHT)
def test_the_public_pages_in_each_language(visitor, world, code):
    english = english_the_catalogue_translates(code) if code != "en" else set()
    page = visitor.page
    pages = [
        ("home", f"/{code}/"),
        ("library", f"/{code}/multicultural/library/"),
        ("directory", f"/{code}/offices/"),
        ("partner search", f"/{code}/sister-cities/?q=ナガサキ"),
    ]
    typefaces_checked = 0
    for label, path in pages:
        visitor.visit(path, label=f"{code} {label}")
        typefaces_checked += assert_in_its_language(visitor, code, label, english)
        if label == "library":
            documents = page.locator("main a[href*='/multicultural/library/']").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
                ".filter(h => /\\/library\\/\\d+\\/$/.test(h))"
            )
            assert documents, f"the library in {code} lists no document"
            visitor.visit(documents[0], label=f"{code} document")
            assert_in_its_language(visitor, code, "document", english)
    if code in SCRIPT:
        assert typefaces_checked >= 3, f"{code}: too few headings in its own script"
