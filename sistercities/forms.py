"""The public partner search: one text box and the filters, read from the query string."""

import functools
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, F, Func, Q
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clair_portal.languages import reads_kanji
from reference.localgov import shipped_records
from reference.models import ForeignLocalGovernment, LocalGovernment
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

    The search reads the affiliations through an index, never all of them, so
    that its cost follows the matches rather than the table: through the ids of
    a prefecture's affiliations when a prefecture is chosen (a few thousand at
    most; the text is then tested on those rows), otherwise through the ids and
    partners the text matches (``_text_condition``). The other filters are tested
    on the rows found. The partner filters (country, region) also narrow the
    partners the text is matched against.
    """
    partners = ForeignLocalGovernment.objects.order_by()
    if data.get("country"):
        partners = partners.filter(country=data["country"])
    if data.get("region"):
        partners = partners.filter(region__iexact=data["region"].strip())
    text = data.get("q") or ""
    if data.get("prefecture"):
        code = data["prefecture"]
        in_prefecture = LocalGovernment.objects.filter(Q(code=code) | Q(prefecture_id=code))
        qs = qs.filter(AnyOf("pk", _affiliations_of(in_prefecture.values("code"))))
    if text:
        condition = _text_condition(text, partners, driving=not data.get("prefecture"))
        qs = qs.filter(condition) if condition is not None else qs.none()
    if data.get("lg_kind"):
        qs = qs.with_japanese(LocalGovernment.objects.filter(kind=data["lg_kind"]))
    if data.get("country"):
        qs = qs.filter(partner__country=data["country"])
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


def _affiliations_of(codes):
    """The ids of the affiliations of the local governments ``codes`` (a subquery of
    codes), through the link table's index."""
    through = Affiliation.japanese.through.objects.order_by()
    return through.filter(AnyOf("localgovernment", codes)).values("affiliation_id")


def _text_condition(text: str, partners, *, driving: bool) -> Q | None:
    """Affiliations whose Japanese party or partner matches ``text`` (None: nothing can).

    The local governments whose search key matches (trigram index) and the
    ``partners`` whose key matches (``ForeignLocalGovernmentQuerySet.matching``:
    trigrams, or the characters of a key too short for them) are two small sets.
    ``driving``: no other filter has found the rows, so the affiliations are read
    through ``id = ANY(...) OR partner_id = ANY(...)``, which PostgreSQL answers
    with a BitmapOr of the primary key and ``partner_id`` indexes. Otherwise the
    rows found are tested against the two sets hashed (``IN``). Either way no scan
    of every affiliation (an ``IN ... OR IN ...`` alone made one).
    """
    jkey, fkey, kkey = japanese_key(text), foreign_key(text), kana_key(text)
    condition = None
    if jkey:
        japanese = LocalGovernment.objects.filter(search_key__contains=jkey).values("code")
        if driving:
            condition = Q(AnyOf("pk", _affiliations_of(japanese)))
        else:
            through = Affiliation.japanese.through.objects.filter(localgovernment__in=japanese)
            condition = Q(pk__in=through.values("affiliation_id"))
    # A partner by its English or own-script name, or (セントポール, せんとぽーる) by its
    # katakana one, written with or without the middle dot.
    keys = list(dict.fromkeys(k for k in (fkey, kkey) if k))
    if keys:
        matching = partners.matching(keys).values("id")
        by_partner = Q(AnyOf("partner", matching)) if driving else Q(partner__in=matching)
        condition = by_partner if condition is None else condition | by_partner
    return condition


class AnyOf(Func):
    """``field = ANY(ARRAY(subquery))``: the subquery's values, looked up in the field's index.

    PostgreSQL runs the subquery once and plans the lookup for a short list, so
    it reads the index for each value rather than scanning the table and
    hashing the subquery (which it prefers for ``IN`` once the table is large,
    and which makes a search's cost follow the table's size, not the matches').
    """

    output_field = BooleanField()

    def __init__(self, field: str, queryset):
        super().__init__(F(field), ArraySubquery(queryset))

    def as_sql(self, compiler, connection, **extra_context):
        field, subquery = self.get_source_expressions()
        field_sql, field_params = compiler.compile(field)
        array_sql, array_params = compiler.compile(subquery)
        return f"{field_sql} = ANY({array_sql})", (*field_params, *array_params)
