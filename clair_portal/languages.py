"""The portal's languages: staff's two, and the community languages of its public pages.

CLAIR writes for residents "in as many community languages as possible". Every page
an anonymous visitor can open, and the partner-seeking requester's pages, speak the
eight languages of ``settings.LANGUAGES``; staff pages speak English and Japanese.

- ``@in_every_language`` marks a view as public: its page is served in each of the
  eight (apps mark their public views in their ``urls.py``).
- :class:`StaffPagesMiddleware` serves every other page to a signed-in user who chose
  a community language in English, and tells them so once.
- The community languages' catalogues hold only the public pages' strings
  (``locale/<code>/LC_MESSAGES/django.po``, with a glossary beside each);
  ``tests/test_community_catalogues.py`` keeps them complete.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STAFF_LANGUAGES = ("en", "ja")
COMMUNITY_LANGUAGES = ("zh-hans", "ko", "pt-br", "es", "vi", "tl")
# settings.LANGUAGES: each language's name in the reader's language.
LANGUAGES = [
    ("en", gettext_lazy("English")),
    ("ja", gettext_lazy("Japanese")),
    ("zh-hans", gettext_lazy("Simplified Chinese")),
    ("ko", gettext_lazy("Korean")),
    ("pt-br", gettext_lazy("Brazilian Portuguese")),
    ("es", gettext_lazy("Spanish")),
    ("vi", gettext_lazy("Vietnamese")),
    ("tl", gettext_lazy("Tagalog")),
]
# The languages of a person's e-mails, reports and invitations: staff's two.
STAFF_LANGUAGE_CHOICES = [pair for pair in LANGUAGES if pair[0] in STAFF_LANGUAGES]
# The languages of the names staff cannot write (clair_portal/names.py).
COMMUNITY_LANGUAGE_CHOICES = [pair for pair in LANGUAGES if pair[0] in COMMUNITY_LANGUAGES]

# Django knows every language above but Tagalog. Browsers ask for Filipino ("fil"),
# the Philippines' national language, which its readers of Tagalog read.
# Django writes Vietnamese's own name with combining accents (NFD), which some fonts
# place badly in the language menu: the composed form (NFC) is what Vietnamese type.
EXTRA_LANG_INFO = {
    "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
    "fil": {"fallback": ["tl"]},
    "vi": {"bidi": False, "code": "vi", "name": "Vietnamese", "name_local": "Tiếng Việt"},
}

# For link previews (og:locale): the country each language's readers mostly live in.
OPEN_GRAPH_LOCALES = {
    "en": "en_GB",
    "ja": "ja_JP",
    "zh-hans": "zh_CN",
    "ko": "ko_KR",
    "pt-br": "pt_BR",
    "es": "es_ES",
    "vi": "vi_VN",
    "tl": "tl_PH",
}

TOLD_SESSION_KEY = "staff_pages_in_english_told"


def in_every_language(view):
    """Mark ``view`` as a public page, served in every language of the portal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.in_every_language = True
    return wrapper


def is_community(code: str | None) -> bool:
    return code in COMMUNITY_LANGUAGES


# Readers of Japanese place names in kanji: Japanese readers, and Chinese readers, who
# read the same characters (in Chinese). Everyone else reads them in romaji.
KANJI_READERS = ("ja", "zh-hans")


def reads_kanji(code: str | None = None) -> bool:
    """Whether a reader of ``code`` (the active language) reads Japan's place names in
    kanji: 長崎市 for Japanese and Chinese pages, Nagasaki City elsewhere."""
    code = (code or translation.get_language() or "en").lower()
    return code == "ja" or code.startswith("ja-") or code in KANJI_READERS


def staff_language(code: str | None = None) -> str:
    """``code`` (the active language by default) if staff's, else English: for what
    a public page's visitor is sent later (e-mails, certificates), which is written
    in English and Japanese."""
    code = code or translation.get_language()
    return code if code in STAFF_LANGUAGES else "en"


def speaks_every_language(view_func) -> bool:
    return getattr(view_func, "in_every_language", False)


def page_languages(request) -> list[str]:
    """The languages the page of ``request`` is served in (for its hreflang links)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and speaks_every_language(match.func):
        return [code for code, _name in settings.LANGUAGES]
    return list(STAFF_LANGUAGES)


class StaffPagesMiddleware:
    """A staff page asked for in a community language is served in English.

    A signed-in user's GET moves to the page's English address (so the address, the
    links and the hreflang agree); any other request is answered in English where it
    stands. The user is told once a session, in the language they chose. Anonymous
    visitors are left alone: a page that is not public sends them to the log-in page,
    which speaks their language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        chosen = translation.get_language()
        if not is_community(chosen) or speaks_every_language(view_func):
            return None
        if not request.user.is_authenticated:
            return None
        # Pages without a language prefix (the admin) follow the language cookie.
        if translation.get_language_from_path(request.path_info) == chosen:
            self._tell_once(request, chosen)
            if request.method in ("GET", "HEAD"):
                english = translate_url(request.get_full_path(), "en")
                if english != request.get_full_path():
                    return HttpResponseRedirect(english)
        translation.activate("en")
        request.LANGUAGE_CODE = "en"
        return None

    @staticmethod
    def _tell_once(request, chosen):
        told = request.session.get(TOLD_SESSION_KEY, [])
        if chosen in told:
            return
        messages.info(
            request,
            _(
                "Pages for staff and for people in CLAIR's programmes are in English and "
                "Japanese only, so this page is shown in English."
            ),
        )
        request.session[TOLD_SESSION_KEY] = [*told, chosen]
