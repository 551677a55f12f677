"""The public partner search, one page per affiliation, downloads and the gap view."""

from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef
from django.db.models.functions import Coalesce
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
from sistercities import caching
from sistercities.forms import SearchForm, prefecture_name
from sistercities.models import Affiliation
from sistercities.resources import AffiliationImport

PAGE_SIZE = 25
BAR_WIDTH = 240  # pixels of the longest bar in the gap view's charts


def _page_number(request, pages: int) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), max(pages, 1))


def country_counts(affiliations) -> list[dict]:
    """Affiliations per partner country, most first: one query."""
    rows = (
        affiliations.order_by()
        .values("partner__country")
        .annotate(count=Count("id"))
        .order_by("-count", "partner__country")
    )
    return [
        {"code": r["partner__country"], "name": countries.name(r["partner__country"]), **r}
        for r in rows
    ]


# The search's orderings over the one-scan summary below: columns of its CTE.
SUMMARY_ORDER = {
    "established": "m.y, m.id",
    "-established": "m.y DESC, m.id DESC",
    "partner": "m.n, m.id",
    "country": "m.c, m.n, m.id",
}


def summarise(results, sort: str, page: int, page_size: int):
    """Per-country and per-prefecture counts and one page's ids, from one scan.

    The filtered affiliations are found once (a materialised CTE); the
    counts and the page are read from that. Returns
    ``(by_country, by_prefecture, page_ids)``.
    """
    matches = (
        results.order_by()
        .annotate(c=F("partner__country"), y=F("established_year"), n=F("partner__name_en"))
        .values("id", "c", "y", "n")
    )
    try:
        inner, params = matches.query.sql_with_params()
    except EmptyResultSet:  # a query with nothing searchable in it ("%", "ー") matches nothing
        return [], [], []
    through = Affiliation.japanese.through._meta.db_table
    localgov = LocalGovernment._meta.db_table
    sql = f"""
        WITH m AS MATERIALIZED ({inner})
        SELECT 'c', m.c, COUNT(*) FROM m GROUP BY m.c
        UNION ALL
        SELECT 'p', COALESCE(lg.prefecture_id, lg.code), COUNT(DISTINCT t.affiliation_id)
          FROM m JOIN {through} t ON t.affiliation_id = m.id
          JOIN {localgov} lg ON lg.code = t.localgovernment_id
         GROUP BY 2
        UNION ALL
        (SELECT 'r', m.id::text, 0 FROM m ORDER BY {SUMMARY_ORDER[sort]} LIMIT %s OFFSET %s)
    """  # noqa: S608  (only table names and a fixed ordering are formatted in)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, page_size, (page - 1) * page_size])
        found = cursor.fetchall()
    by_country = sorted(
        (
            {"code": key, "name": countries.name(key), "count": n}
            for kind, key, n in found
            if kind == "c"
        ),
        key=lambda r: (-r["count"], r["code"]),
    )
    by_prefecture = sorted(
        (
            {"code": key, "name": prefecture_name(key), "count": n}
            for kind, key, n in found
            if kind == "p"
        ),
        key=lambda r: (-r["count"], r["code"]),
    )
    page_ids = [int(key) for kind, key, _n in found if kind == "r"]
    return by_country, by_prefecture, page_ids


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
        cached[fkey] = render_to_string("sistercities/_search_form.html", {"form": form})
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
    by_country, by_prefecture, ids = summarise(form.results(), sort, requested, PAGE_SIZE)
    total = sum(r["count"] for r in by_country)
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    number = min(requested, max(pages, 1))
    if number != requested:  # past the last page: show the last one
        ids = summarise(form.results(), sort, number, PAGE_SIZE)[2]
    found = Affiliation.objects.public().in_bulk(ids) if ids else {}
    labels = {  # Model.get_FOO_display() rebuilds and hashes its lazy choices on every call
        **{("kind", k): str(v) for k, v in Affiliation.Kind.choices},
        **{("status", k): str(v) for k, v in Affiliation.Status.choices},
    }
    rows = [_row(found[pk], labels) for pk in ids]
    params = request.GET.copy()
    params.pop("page", None)
    html = render_to_string(
        "sistercities/_results.html",
        {
            "total": total,
            "rows": rows,
            "page_number": number,
            "pages": pages,
            "has_previous": number > 1,
            "has_next": number < pages,
            "querystring": params.urlencode(),
            "by_country": by_country[:15],
            "by_prefecture": by_prefecture[:15],
        },
    )
    return html, any(found[pk].is_demo for pk in ids)


def _row(affiliation: Affiliation, labels: dict) -> dict:
    """What one result row shows, resolved here rather than attribute by attribute in
    the template (the row loop was most of the page's rendering time)."""
    partner = affiliation.partner
    return {
        "pk": affiliation.pk,
        "url": reverse("sistercities:detail", args=[affiliation.pk]),
        "japanese": [
            (str(lg), str(lg.prefecture) if lg.prefecture_id else "")
            for lg in affiliation.japanese.all()
        ],
        "partner": partner.name_en,
        "partner_local": partner.name_local if partner.name_local != partner.name_en else "",
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
        rows, filename=filename, fmt=fmt, title=str(Affiliation._meta.verbose_name_plural)
    )


def _bars(rows: list[dict], key: str = "count") -> list[dict]:
    top = max((r[key] for r in rows), default=0) or 1
    for r in rows:
        r["bar"] = max(1, round(BAR_WIDTH * r[key] / top)) if r[key] else 0
    return rows


@limit_reads
def gaps(request):
    """Local governments without any affiliation, by prefecture; countries by affiliations.

    Queries: local governments per prefecture, those with an affiliation per
    prefecture, affiliations per country, and (with a prefecture chosen) the
    unaffiliated local governments of that prefecture.
    """
    linked = Affiliation.japanese.through.objects.filter(localgovernment_id=OuterRef("code"))
    governments = LocalGovernment.objects.annotate(
        pref=Coalesce("prefecture_id", "code"), affiliated=Exists(linked)
    )
    per_prefecture = {
        r["pref"]: {"code": r["pref"], "total": r["total"], "with": 0}
        for r in governments.order_by().values("pref").annotate(total=Count("code"))
    }
    for r in (
        governments.filter(affiliated=True).order_by().values("pref").annotate(n=Count("code"))
    ):
        per_prefecture[r["pref"]]["with"] = r["n"]
    prefectures = []
    for code in sorted(per_prefecture):
        row = per_prefecture[code]
        row["name"] = prefecture_name(code)
        row["without"] = row["total"] - row["with"]
        row["share_without"] = round(100 * row["without"] / row["total"]) if row["total"] else 0
        prefectures.append(row)
    # Bars by share, so that small prefectures compare fairly with Hokkaido's 180.
    _bars(prefectures, "share_without")

    chosen = request.GET.get("prefecture", "")
    unaffiliated = []
    if chosen in per_prefecture:
        unaffiliated = list(
            governments.filter(pref=chosen, affiliated=False).order_by("code")[:500]
        )
    else:
        chosen = ""
    by_country = _bars(country_counts(Affiliation.objects.all()))
    return render(
        request,
        "sistercities/gaps.html",
        {
            "prefectures": prefectures,
            "by_country": by_country,
            "chosen": chosen,
            "chosen_name": prefecture_name(chosen) if chosen else "",
            "unaffiliated": unaffiliated,
            "bar_width": BAR_WIDTH,
        },
    )
