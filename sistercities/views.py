"""The public partner search, one page per affiliation, downloads and the gap view."""

from collections import defaultdict
from datetime import date

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries

from clair_portal.security.ratelimit import limit_reads
from clair_portal.tabular.writing import download as tabular_download
from reference.models import LocalGovernment
from reference.names import in_reader_script
from sistercities import caching, queries
from sistercities.forms import SearchForm, prefecture_name
from sistercities.models import Affiliation
from sistercities.resources import AffiliationImport

PAGE_SIZE = 25
# What a result row shows (``_row``): an affiliation row has some forty columns
# (its notes in every language among them), read and built into models for nothing.
ROW_FIELDS = (
    "kind", "established_year", "status", "is_demo",
    "partner__name_en", "partner__name_local", "partner__name_kana",
    "partner__region", "partner__country",
)  # fmt: skip
# What a Japanese party's name needs, and its prefecture's (``LocalGovernment.display_name``).
PARTY_FIELDS = (
    "name_kanji", "name_romaji", "kind", "prefecture__name_kanji",
    "prefecture__name_romaji", "prefecture__kind",
)  # fmt: skip
# The gap view's map colours the share without an affiliation in these classes (per cent).
SHARE_CLASSES = [0, 20, 40, 60, 80, 100]
TOP_COUNTRIES = 20  # drawn as bars; the table lists them all


def _page_number(request, pages: int) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), max(pages, 1))


@limit_reads
def search(request):
    """The public partner search.

    The result section comes from ``caching`` when the same search was asked
    since the affiliations last changed; otherwise three queries whatever the
    number of results: the counts and the page's ids in one scan
    (``summarise``), the page's affiliations with partners, and their Japanese
    parties with prefectures.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    sort = form.cleaned_data.get("sort") or "established"
    requested = _page_number(request, 10**6)
    language = get_language() or ""
    rkey = caching.results_key(form.cleaned_data, sort=sort, page=requested, language=language)
    fkey = caching.form_key(form.cleaned_data, language=language)
    cached = caching.get_many([rkey, fkey])
    if fkey not in cached:  # the form shows the cleaned values, so they key it
        shown = form.cleaned_form()  # not the raw query string: the entry is shared
        cached[fkey] = render_to_string("sistercities/_search_form.html", {"form": shown})
        caching.put(fkey, cached[fkey])
    if rkey not in cached:
        cached[rkey] = _render_results(request, form, sort, requested)
        caching.put(rkey, cached[rkey])
    results, shows_demo = cached[rkey]
    context = {
        # Both rendered by our own templates above (HTML, not user text).
        "search_form": mark_safe(cached[fkey]),  # noqa: S308
        "results": mark_safe(results),  # noqa: S308
        "shows_demo": shows_demo,
    }
    return render(request, "sistercities/search.html", context)


def _invalid(request, form):
    """The search page with the form's errors and no results, answered with 400."""
    search_form = render_to_string("sistercities/_search_form.html", {"form": form})
    return render(request, "sistercities/search.html", {"search_form": search_form}, status=400)


def _render_results(request, form, sort: str, requested: int) -> tuple[str, bool]:
    """The result section's HTML for one search, and whether it shows demo rows."""
    by_country, by_prefecture, ids = queries.summarise(form.results(), sort, requested, PAGE_SIZE)
    total = sum(r["count"] for r in by_country)
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    number = min(requested, max(pages, 1))
    if number != requested:  # past the last page: show the last one
        ids = queries.summarise(form.results(), sort, number, PAGE_SIZE)[2]
    found = (
        Affiliation.objects.public().prefetch_related(None).only(*ROW_FIELDS).in_bulk(ids)
        if ids
        else {}
    )
    parties = _japanese_parties(ids)
    labels = {  # Model.get_FOO_display() rebuilds and hashes its lazy choices on every call
        **{("kind", k): str(v) for k, v in Affiliation.Kind.choices},
        **{("status", k): str(v) for k, v in Affiliation.Status.choices},
    }
    rows = [_row(found[pk], parties[pk], labels) for pk in ids]
    text = form.cleaned_data.get("q")
    suggestion = queries.did_you_mean(text) if text and not total else None
    html = render_to_string(
        "sistercities/_results.html",
        {
            "total": total,
            "rows": rows,
            # The page numbers only: summarise() has already read this page's rows.
            "page": Paginator(range(total), PAGE_SIZE).page(number),
            "page_number": number,
            "pages": pages,
            "query": caching.query(form.cleaned_data),
            "by_country": by_country[:15],
            "by_prefecture": by_prefecture[:15],
            "suggestion": suggestion,
        },
    )
    return html, any(found[pk].is_demo for pk in ids)


def _japanese_parties(ids: list[int]) -> dict[int, list[LocalGovernment]]:
    """The Japanese parties of the affiliations ``ids``, in code order, with their
    prefectures: one query, and only the columns the names need (a prefetch builds a
    related manager for every row and reads every column; it was half the rows' time)."""
    links = (
        Affiliation.japanese.through.objects.filter(affiliation_id__in=ids)
        .select_related("localgovernment__prefecture")
        .only(*(f"localgovernment__{name}" for name in PARTY_FIELDS), "affiliation_id")
        .order_by("localgovernment_id")
    )
    parties = defaultdict(list)
    for link in links:
        parties[link.affiliation_id].append(link.localgovernment)
    return parties


def _row(affiliation: Affiliation, japanese: list[LocalGovernment], labels: dict) -> dict:
    """What one result row shows, resolved here rather than attribute by attribute in
    the template (the row loop was most of the page's rendering time)."""
    partner = affiliation.partner
    return {
        "pk": affiliation.pk,
        "url": reverse("sistercities:detail", args=[affiliation.pk]),
        "japanese": [
            (in_reader_script(lg), str(lg.prefecture) if lg.prefecture_id else "")
            for lg in japanese
        ],
        "partner": in_reader_script(partner),
        "partner_local": (
            partner.name_local
            if partner.name_local not in (partner.name_en, partner.name_kana)
            else ""
        ),
        "region": partner.region,
        "country": countries.name(partner.country.code),
        "kind": labels["kind", affiliation.kind],
        "year": affiliation.established_year,
        "status": labels["status", affiliation.status],
        "has_projects": affiliation.has_projects,
    }


def detail(request, pk: int):
    affiliation = get_object_or_404(Affiliation.objects.public(), pk=pk)
    return render(
        request,
        "sistercities/detail.html",
        {"affiliation": affiliation, "shows_demo": affiliation.is_demo},
    )


@limit_reads
def download(request, fmt: str):
    """Exactly the filtered set of the search page, as CSV (streamed) or XLSX, with a code
    column beside each coded one for open-data users.

    Served directly rather than through the jobs framework: the public has no
    account to collect a job with, and even 20,000 rows stream in seconds.
    """
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    rows = AffiliationImport.export_rows(form.results().order_by(*form.ordering()), codes=True)
    filename = f"sister-cities-{date.today():%Y%m%d}.{fmt}"
    return tabular_download(
        rows,
        filename=filename,
        fmt=fmt,
        title=str(Affiliation._meta.verbose_name_plural),
        public=True,
    )


@limit_reads
def gaps(request):
    """Local governments without any affiliation, by prefecture; countries by affiliations.

    Queries: local governments per prefecture, those with an affiliation per
    prefecture, affiliations per country, and (with a prefecture chosen) the
    unaffiliated local governments of that prefecture.
    """
    prefectures = queries.prefecture_gaps()
    # Shares, not counts, so that small prefectures compare fairly with Hokkaido's 180;
    # the bars most first, each as long as its share of 100%.
    share_bars = [
        (p["name"], p["share_without"])
        for p in sorted(prefectures, key=lambda p: (-p["share_without"], p["code"]))
    ]
    chosen = request.GET.get("prefecture", "")
    if chosen not in {row["code"] for row in prefectures}:
        chosen = ""
    unaffiliated = queries.unaffiliated(chosen) if chosen else []
    by_country = queries.country_counts(Affiliation.objects.all())
    return render(
        request,
        "sistercities/gaps.html",
        {
            "prefectures": prefectures,
            "by_country": by_country,
            "chosen": chosen,
            "chosen_name": prefecture_name(chosen) if chosen else "",
            "unaffiliated": unaffiliated,
            "share_map": {p["code"]: p["share_without"] for p in prefectures},
            "share_bars": share_bars,
            "share_classes": SHARE_CLASSES,
            "country_bars": [(c["name"], c["count"]) for c in by_country[:TOP_COUNTRIES]],
        },
    )
