"""Suggested matches for a partner-seeking request: other requests and local governments
that fit it, scored in SQL with the reasons in words."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from reference.models import LocalGovernment
from sistercities.models import Affiliation, PartnerRequest

SUGGESTIONS = 10

# The points score_pair gives, put in words: at least this many for each level.
STRONG, GOOD = 8, 4


@dataclass
class Suggestion:
    name: str
    country_name: str
    score: int
    reasons: list[str] = field(default_factory=list)
    request: PartnerRequest | None = None
    local_government: LocalGovernment | None = None

    @property
    def url(self) -> str:
        """The request's page, or the partner search showing the local government's
        affiliations."""
        if self.request is not None:
            return reverse("sistercities:request_detail", args=[self.request.pk])
        query = urlencode({"q": self.local_government.name_kanji})
        return f"{reverse('sistercities:search')}?{query}"

    @property
    def strength(self) -> str:
        """The score in words, for readers who do not know how points are counted."""
        if self.score >= STRONG:
            return _("a strong match")
        if self.score >= GOOD:
            return _("a good match")
        return _("a possible match")


def suggest_all(mine: PartnerRequest, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Requests and local governments together, best first: one list ranked by score."""
    found = suggest_requests(mine, limit) + suggest_local_governments(mine, limit)
    return sorted(found, key=lambda s: (-s.score, s.name))


def _labels(values, choices) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(v, v)) for v in values)


def _wants(request: PartnerRequest, country_code: str) -> bool:
    return not request.desired_countries or country_code in {
        c.code for c in request.desired_countries
    }


def score_pair(mine: PartnerRequest, other: PartnerRequest) -> tuple[int, list[str]]:
    """How well two requests fit, and why, in the current language."""
    from sistercities.models import Field, Industry

    score, reasons = 0, []
    if mine.desired_countries and other.country.code in {c.code for c in mine.desired_countries}:
        score += 3
        reasons.append(_("in a country you want: %(country)s") % {"country": other.country.name})
    if other.desired_countries and mine.country.code in {c.code for c in other.desired_countries}:
        score += 3
        reasons.append(_("they want a partner in %(country)s") % {"country": mine.country.name})
    elif not other.desired_countries:
        score += 1
        reasons.append(_("they are open to any country"))
    band, theirs = mine.population_band, other.population_band
    if band is not None and theirs is not None and abs(band - theirs) <= 1:
        score += 2 if band == theirs else 1
        reasons.append(
            _("similar population (%(population)s)") % {"population": f"{other.population:,}"}
            if band == theirs
            else _("population of a neighbouring size (%(population)s)")
            % {"population": f"{other.population:,}"}
        )
    shared_fields = [f for f in mine.fields if f in other.fields]
    if shared_fields:
        score += 2 * len(shared_fields)
        reasons.append(
            ngettext(
                "shares %(count)d field of exchange: %(fields)s",
                "shares %(count)d fields of exchange: %(fields)s",
                len(shared_fields),
            )
            % {"count": len(shared_fields), "fields": _labels(shared_fields, Field.choices)}
        )
    shared_industries = [i for i in mine.industries if i in other.industries]
    if shared_industries:
        score += len(shared_industries)
        reasons.append(
            _("shared industries: %(industries)s")
            % {"industries": _labels(shared_industries, Industry.choices)}
        )
    return score, reasons


def score_expression(mine: PartnerRequest):
    """``score_pair``'s score, as SQL: so the database ranks and only the best rows come back."""
    from sistercities.models.partnering import POPULATION_BANDS

    wanted = [c.code for c in mine.desired_countries]
    parts = []
    if wanted:
        parts.append(Case(When(country__in=wanted, then=Value(3)), default=Value(0)))
    parts.append(
        Case(
            When(desired_countries__contains=mine.country.code, then=Value(3)),
            When(desired_countries="", then=Value(1)),
            default=Value(0),
        )
    )
    band = mine.population_band
    bounds = [0, *POPULATION_BANDS, None]
    whens = []
    for other in range(len(bounds) - 1):
        points = 2 if other == band else 1 if abs(other - band) == 1 else 0
        if not points:
            continue
        condition = Q(population__gte=bounds[other])
        if bounds[other + 1] is not None:
            condition &= Q(population__lt=bounds[other + 1])
        whens.append(When(condition, then=Value(points)))
    if whens:
        parts.append(Case(*whens, default=Value(0)))
    for f in mine.fields:
        parts.append(Case(When(fields__contains=[f], then=Value(2)), default=Value(0)))
    for i in mine.industries:
        parts.append(Case(When(industries__contains=[i], then=Value(1)), default=Value(0)))
    return sum(parts[1:], parts[0])


def suggest_requests(mine: PartnerRequest, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Published requests from the other side that fit ``mine``, best first, with reasons.

    One query: the database scores every candidate (``score_expression``, the
    same points as ``score_pair``) and returns the best ``limit``; the reasons
    are then written for those few. A request that names the countries it wants
    is shown only requests from those countries.
    """
    other_side = (
        PartnerRequest.Side.FOREIGN
        if mine.side == PartnerRequest.Side.JAPANESE
        else PartnerRequest.Side.JAPANESE
    )
    candidates = PartnerRequest.objects.published().filter(side=other_side).exclude(pk=mine.pk)
    wanted = [c.code for c in mine.desired_countries]
    if wanted:
        candidates = candidates.filter(country__in=wanted)
    best = (
        candidates.annotate(score=score_expression(mine))
        .filter(score__gt=0)
        .order_by("-score", "name", "pk")[:limit]
    )
    suggestions = []
    for other in best:
        score, reasons = score_pair(mine, other)
        suggestions.append(
            Suggestion(other.name, other.country.name, score, reasons, request=other)
        )
    return suggestions


def suggest_local_governments(mine: PartnerRequest, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """For a request from abroad: Japanese local governments that already work with its
    country or in its fields, from the affiliations on record. Two queries."""
    if mine.side != PartnerRequest.Side.FOREIGN or not _wants(mine, "JP"):
        return []
    links = Affiliation.japanese.through.objects.filter(
        affiliation__status__in=[Affiliation.Status.ACTIVE, Affiliation.Status.FIXED_TERM]
    )
    rows = (
        links.values("localgovernment_id")
        .annotate(
            same_country=Count("affiliation", filter=Q(affiliation__partner__country=mine.country)),
            shared=Count(
                "affiliation", filter=Q(affiliation__fields__overlap=mine.fields or ["-"])
            ),
        )
        .filter(Q(same_country__gt=0) | Q(shared__gt=0))
        .annotate(score=F("same_country") * 3 + F("shared") * 2)
        .order_by("-score", "localgovernment_id")[:limit]
    )
    rows = list(rows)
    governments = LocalGovernment.objects.select_related("prefecture").in_bulk(
        [r["localgovernment_id"] for r in rows]
    )
    suggestions = []
    for r in rows:
        lg = governments[r["localgovernment_id"]]
        reasons = []
        if r["same_country"]:
            reasons.append(
                _("already has %(count)d active affiliation(s) in %(country)s")
                % {"count": r["same_country"], "country": mine.country.name}
            )
        if r["shared"]:
            reasons.append(
                _("%(count)d affiliation(s) in your fields of exchange") % {"count": r["shared"]}
            )
        suggestions.append(
            Suggestion(
                lg.display_name(), countries.name("JP"), r["score"], reasons, local_government=lg
            )
        )
    return suggestions
