"""Reads behind the public partner search, the gap view and the survey dashboard.

Each function states the queries it makes, so that the pages that call it keep a
constant query count whatever the number of rows.
"""

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django_countries import countries

from reference.apps import SUGGESTION_THRESHOLD
from reference.models import ForeignLocalGovernment, LocalGovernment
from reference.search import foreign_key, japanese_key
from sistercities.forms import prefecture_name
from sistercities.models import Affiliation, PartnershipSurvey, SurveyInvitation

# The search's orderings over the one-scan summary below: columns of its CTE.
SUMMARY_ORDER = {
    "established": "m.y, m.id",
    "-established": "m.y DESC, m.id DESC",
    "partner": "m.n, m.id",
    "country": "m.c, m.n, m.id",
}


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


def summarise(results, sort: str, page: int, page_size: int):
    """Per-country and per-prefecture counts and one page's ids, from one scan.

    The filtered affiliations are found once (a materialised CTE), through their
    own indexes (``forms.filter_affiliations``); the counts and the page are read
    from that, from the facts on each affiliation's row (its partner's country,
    its parties' prefectures), so that the cost follows the number of matches and
    no match is joined to its parties. Only the orderings by partner read the
    partner's name. Returns ``(by_country, by_prefecture, page_ids)``.
    """
    columns = {"c": F("partner_country"), "y": F("established_year"), "p": F("prefectures")}
    if sort in ("partner", "country"):
        columns["n"] = F("partner__name_en")
    matches = results.order_by().annotate(**columns).values("id", *columns)
    try:
        inner, params = matches.query.sql_with_params()
    except EmptyResultSet:  # a query with nothing searchable in it ("%", "ー") matches nothing
        return [], [], []
    sql = f"""
        WITH m AS MATERIALIZED ({inner})
        SELECT 'c', m.c, COUNT(*) FROM m GROUP BY m.c
        UNION ALL
        SELECT 'p', prefecture, COUNT(*) FROM m, unnest(m.p) AS prefecture GROUP BY 2
        UNION ALL
        (SELECT 'r', m.id::text, 0 FROM m ORDER BY {SUMMARY_ORDER[sort]} LIMIT %s OFFSET %s)
    """  # noqa: S608  (only a fixed ordering is formatted in)
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


def _governments():
    """Local governments with their prefecture (a prefecture is its own) and whether
    any affiliation names them."""
    linked = Affiliation.japanese.through.objects.filter(localgovernment_id=OuterRef("code"))
    return LocalGovernment.objects.annotate(
        pref=Coalesce("prefecture_id", "code"), affiliated=Exists(linked)
    )


def prefecture_gaps() -> list[dict]:
    """Per prefecture, in code order: local governments, those with an affiliation,
    those without, and the share without (percent). Two queries."""
    governments = _governments()
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
    return prefectures


def unaffiliated(prefecture: str, *, limit: int = 500) -> list[LocalGovernment]:
    """The local governments of one prefecture that no affiliation names: one query."""
    return list(_governments().filter(pref=prefecture, affiliated=False).order_by("code")[:limit])


def survey_response_rate(survey: PartnershipSurvey) -> dict:
    """Totals and per-prefecture counts for the survey dashboard: two queries."""
    invitations = SurveyInvitation.objects.filter(survey=survey)
    totals = invitations.aggregate(
        invited=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        answered=Count("pk", filter=Q(responded_at__isnull=False)),
        without_contact=Count("pk", filter=Q(email="")),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
    )
    totals["rate"] = round(100 * totals["answered"] / totals["invited"]) if totals["invited"] else 0
    rows = (
        invitations.annotate(
            pref=Coalesce("local_government__prefecture_id", "local_government_id")
        )
        .values("pref")
        .annotate(
            invited=Count("pk"),
            answered=Count("pk", filter=Q(responded_at__isnull=False)),
        )
        .order_by("pref")
    )
    by_prefecture = [
        {
            **r,
            "name": prefecture_name(r["pref"]),
            "rate": round(100 * r["answered"] / r["invited"]) if r["invited"] else 0,
        }
        for r in rows
    ]
    return {"totals": totals, "by_prefecture": by_prefecture}


def did_you_mean(text: str) -> str | None:
    """The name of an affiliation's party closest to ``text``, for a search that found
    nothing ("nagasky" → "Nagasaki City"); None when nothing is close. Two queries.

    The partners are found through their trigram index (``trigram_word_similar``,
    whose threshold ``reference.apps`` sets to ``SUGGESTION_THRESHOLD`` on each
    connection), not by comparing every partner's key: there are tens of thousands.

    Search keys are compared, so the suggestion is found in whatever script it was
    typed; it is given in the reader's language and, searched for, finds its affiliations.
    """
    jkey, fkey = japanese_key(text), foreign_key(text)
    candidates = []
    if jkey:
        named = Affiliation.japanese.through.objects.filter(localgovernment_id=OuterRef("code"))
        lg = (
            LocalGovernment.objects.filter(Exists(named))
            .annotate(similarity=TrigramWordSimilarity(jkey, "search_key"))
            .filter(similarity__gte=SUGGESTION_THRESHOLD)
            .order_by("-similarity", "code")
            .first()
        )
        if lg is not None:
            candidates.append((lg.similarity, lg.display_name()))
    if fkey:
        partners = Affiliation.objects.filter(partner_id=OuterRef("pk"))
        partner = (
            ForeignLocalGovernment.objects.filter(search_key__trigram_word_similar=fkey)
            .filter(Exists(partners))
            .annotate(similarity=TrigramWordSimilarity(fkey, "search_key"))
            .filter(similarity__gte=SUGGESTION_THRESHOLD)
            .order_by("-similarity", "pk")
            .only("name_en")
            .first()
        )
        if partner is not None:
            candidates.append((partner.similarity, partner.name_en))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])[1]
