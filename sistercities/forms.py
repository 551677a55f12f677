"""The public partner search: one text box and the filters, read from the query string."""

import functools
from urllib.parse import urlencode

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clair_portal.languages import reads_kanji
from reference.localgov import shipped_records
from reference.models import LocalGovernment, holding_any
from reference.search import foreign_key, japanese_key, kana_key
from sistercities.models import Affiliation, Field

MAX_QUERY_LENGTH = 200
DECADES = list(range(1950, 2030, 10))

SORTS = {
    "established": (pgettext_lazy("sort", "Year established, oldest first"), ["established_year", "id"]),
    "-established": (pgettext_lazy("sort", "Year established, newest first"), ["-established_year", "-id"]),
    "partner": (pgettext_lazy("sort", "Partner name"), ["partner__name_en", "id"]),
    "country": (pgettext_lazy("sort", "Country, then partner"), ["partner__country", "partner__name_en", "id"]),
}  # fmt: skip


@functools.cache
def _prefectures() -> dict[str, tuple[str, str]]:
    """Code -> (kanji, romaji) of the 47 prefectures, from the shipped list: no query."""
    return {
        r.code: (r.name_kanji, r.name_romaji)
        for r in shipped_records()
        if r.kind == LocalGovernment.Kind.PREFECTURE
    }


def prefecture_name(code: str) -> str:
    kanji, romaji = _prefectures().get(code, (code, code))
    return kanji if reads_kanji() else romaji


def prefecture_choices():
    return [(code, prefecture_name(code)) for code in _prefectures()]


_MEMO: dict[tuple, tuple[list[tuple[str, str]], frozenset[str]]] = {}


def _memo(options) -> tuple[list[tuple[str, str]], frozenset[str]]:
    """The options of ``options()`` in the active language, escaped, and their values."""
    key = (options, get_language() or "")
    found = _MEMO.get(key)
    if found is None:
        pairs = [(str(escape(k)), str(escape(label))) for k, label in options()]
        found = _MEMO[key] = (pairs, frozenset(str(k) for k, _label in options()))
    return found


class PlainSelect(forms.Select):
    """A select whose options are escaped once per language, then reused.

    The search form offers some 350 options (countries, prefectures, ...); the
    per-option templates of Django's own widget took a third of the page's time.
    """

    options = None  # set by MemoChoiceField

    def render(self, name, value, attrs=None, renderer=None):
        options, _values = _memo(self.options)
        chosen = "" if value is None else str(escape(value))
        html = "".join(
            f'<option value="{k}"{" selected" if k == chosen else ""}>{label}</option>'
            for k, label in options
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attrs, mark_safe(html))


class MemoChoiceField(forms.ChoiceField):
    """A choice field whose options are built once per language.

    Django's ChoiceField normalises a callable's choices every time a form is
    made, validated and shown: for the 250 countries that was a quarter of the
    time of a search served from the cache. Here the options are a function of
    the language only, so they are built once and checked against a set.
    """

    widget = PlainSelect

    def __init__(self, *, options, coerce=str, **kwargs):
        super().__init__(**kwargs)
        self.options = self.widget.options = options
        self.coerce = coerce

    def valid_value(self, value):
        return str(value) in _memo(self.options)[1]

    def clean(self, value):
        value = super().clean(value)  # a valid option's value, as text, or ""
        if value in self.empty_values:
            return "" if self.coerce is str else None
        return self.coerce(value)


def _blank(label):
    return [("", label)]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Local government"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "A Japanese local government in kanji, kana or romaji, or a partner abroad in "
            "English or its own script."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    prefecture = MemoChoiceField(
        options=lambda: _blank(_("All prefectures")) + prefecture_choices(),
        label=_("Prefecture"),
        required=False,
    )
    lg_kind = MemoChoiceField(
        options=lambda: _blank(_("All kinds")) + list(LocalGovernment.Kind.choices),
        label=_("Kind of Japanese local government"),
        required=False,
    )
    country = MemoChoiceField(
        options=lambda: _blank(_("All countries")) + list(countries),
        label=_("Partner country"),
        required=False,
    )
    region = forms.CharField(
        label=_("Partner region"),
        required=False,
        max_length=120,
        help_text=_("State, province or region, e.g. Minnesota."),
    )
    kind = MemoChoiceField(
        options=lambda: _blank(_("All kinds")) + list(Affiliation.Kind.choices),
        label=_("Kind of affiliation"),
        required=False,
    )
    status = MemoChoiceField(
        options=lambda: _blank(_("Any status")) + list(Affiliation.Status.choices),
        label=_("Status"),
        required=False,
    )
    field = MemoChoiceField(
        options=lambda: _blank(_("Any field")) + list(Field.choices),
        label=_("Field of exchange"),
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year established"), required=False, min_value=1900, max_value=2100
    )
    decade = MemoChoiceField(
        options=lambda: (
            _blank(_("Any decade")) + [(d, _("%(decade)ss") % {"decade": d}) for d in DECADES]
        ),
        label=_("Decade established"),
        required=False,
        coerce=int,
    )
    sort = MemoChoiceField(
        options=lambda: [(key, label) for key, (label, _order) in SORTS.items()],
        label=_("Sort by"),
        required=False,
    )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def ordering(self) -> list[str]:
        return SORTS[self.cleaned_data.get("sort") or "established"][1]

    def querystring(self) -> str:
        """The cleaned filters as a query string, in the form's order (valid form only).

        What links to this search (downloads, pages) carry: the result section is
        cached and shared by everyone asking the same search, so it must hold
        nothing the first visitor added (``?foo=...``) or how they typed it.
        """
        values = ((name, self.cleaned_data.get(name)) for name in self.fields)
        return urlencode([(name, value) for name, value in values if value not in (None, "")])

    def applied_filters(self) -> int:
        """How many filters besides the name are set: the disclosure says so, and opens."""
        return sum(1 for field in self if field.name != "q" and field.value() not in (None, ""))

    def cleaned_form(self) -> "SearchForm":
        """An unbound copy showing the cleaned filters, for the cached (shared) form."""
        return SearchForm(initial=self.cleaned_data)

    def results(self):
        """The filtered affiliations (unordered, unpaged). Call only on a valid form."""
        return filter_affiliations(Affiliation.objects.all(), self.cleaned_data)


def filter_affiliations(qs, data: dict):
    """Apply the search's text and filters (already cleaned) to an affiliation queryset.

    Shared by the page, the downloads and the API, so all three give the same set.

    Every test is made on the affiliation's own row (``Affiliation.SEARCH_FACTS``,
    which PostgreSQL keeps from its parties), through its own indexes: the text
    through the trigrams (or script characters) of its parties' search keys, the
    prefecture through the GIN index of its parties' prefectures, the country
    through its partner's. PostgreSQL combines the bitmaps of those it finds
    selective, then reads only the rows that pass them all, so a search's cost
    follows its matches, not the number of affiliations, and no match is joined
    to its parties to be tested or counted.
    """
    if data.get("prefecture"):
        qs = qs.filter(prefectures__contains=[data["prefecture"]])
    text = data.get("q") or ""
    if text:
        keys = _text_keys(text)
        qs = holding_any(qs, keys) if keys else qs.none()
    if data.get("lg_kind"):
        qs = qs.with_japanese(LocalGovernment.objects.filter(kind=data["lg_kind"]))
    if data.get("country"):
        qs = qs.filter(partner_country=data["country"])
    if data.get("region"):
        qs = qs.filter(partner__region__iexact=data["region"].strip())
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("field"):
        qs = qs.filter(fields__contains=[data["field"]])
    if data.get("year"):
        qs = qs.filter(established_year=data["year"])
    if data.get("decade"):
        qs = qs.filter(established_year__range=(data["decade"], data["decade"] + 9))
    return qs


def _text_keys(text: str) -> list[str]:
    """The keys ``text`` is looked for under (none: nothing can match).

    A Japanese local government in kanji, kana or romaji (its ``japanese_key``), a
    partner by its English or own-script name (``foreign_key``), or (セントポール,
    せんとぽーる) by its katakana one, written with or without the middle dot
    (``kana_key``). Each is looked for in all the parties' keys at once: the
    affiliation's ``search_key`` holds them a line each, and no key holds a line
    break, so no key matches across two parties.
    """
    keys = (japanese_key(text), foreign_key(text), kana_key(text))
    return list(dict.fromkeys(k for k in keys if k))
