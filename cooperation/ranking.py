"""Ranking the registry's specialists for one dispatch request, in one SQL query.

Each active specialist who consents to be contacted gets four annotations,
computed by correlated subqueries on indexed tables:

- ``matched_fields``: the request's fields the specialist works in (ids);
- ``language_level``: their level in the request's language (0 if none);
- ``available_days``: the longest overlap of one availability window with the
  requested period;
- ``past_dispatches``: dispatches they completed.

The score weighs them (fields 40, language 30, availability 20, experience
abroad 10 points) and the top ``limit`` come back with the reasons spelled out.
"""

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cooperation.languages import language_name
from cooperation.models import Availability, Dispatch, LanguageLevel, Specialist, SpecialistLanguage

FIELD_POINTS = 40
LANGUAGE_POINTS = 30
AVAILABILITY_POINTS = 20
EXPERIENCE_POINTS = 10
# Three completed dispatches earn the full experience points; more earn no more.
EXPERIENCE_CAP = 3
DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Candidate:
    specialist: Specialist
    rank: int
    score: float
    matched_fields: list
    language_level: int
    available_days: int
    past_dispatches: int
    reasons: list


class _Days(Func):
    """Days from the later start to the earlier end, both included (PostgreSQL date arithmetic)."""

    template = "(%(expressions)s + 1)"
    arg_joiner = " - "
    output_field = IntegerField()


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("specialist").annotate(n=Count("*")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def candidates_queryset(request, field_ids: list[int]):
    """Active, consenting specialists annotated for ``request``; not yet ordered or cut."""
    through = Specialist.fields.through
    matched = ArraySubquery(
        through.objects.filter(specialist=OuterRef("pk"), field_id__in=field_ids)
        .order_by("field_id")
        .values("field_id")
    )
    level = Coalesce(
        Subquery(
            SpecialistLanguage.objects.filter(
                specialist=OuterRef("pk"), language=request.language
            ).values("level")[:1]
        ),
        0,
    )
    overlap = Coalesce(
        Subquery(
            Availability.objects.filter(
                specialist=OuterRef("pk"),
                starts_on__lte=request.ends_on,
                ends_on__gte=request.starts_on,
            )
            .annotate(
                days=_Days(
                    Least(F("ends_on"), Value(request.ends_on)),
                    Greatest(F("starts_on"), Value(request.starts_on)),
                )
            )
            .order_by("-days")
            .values("days")[:1]
        ),
        0,
    )
    past = _count(Dispatch.objects.filter(specialist=OuterRef("pk"), state__in=Dispatch.DONE))
    wanted = max(len(field_ids), 1)
    score = (
        Cast(Func(F("matched_fields"), function="cardinality"), FloatField())
        * (FIELD_POINTS / wanted)
        + Cast(F("language_level"), FloatField()) * (LANGUAGE_POINTS / LanguageLevel.NATIVE)
        + Cast(F("available_days"), FloatField()) * (AVAILABILITY_POINTS / request.days)
        + Cast(Least(F("past_dispatches"), Value(EXPERIENCE_CAP)), FloatField())
        * (EXPERIENCE_POINTS / EXPERIENCE_CAP)
    )
    return (
        Specialist.objects.active()
        .filter(consent_to_contact=True)
        .select_related("home_government__prefecture")
        .annotate(
            matched_fields=matched,
            language_level=level,
            available_days=overlap,
            past_dispatches=past,
        )
        .annotate(score=ExpressionWrapper(score, output_field=FloatField()))
    )


def rank(request, *, limit: int = DEFAULT_LIMIT) -> list[Candidate]:
    """The best ``limit`` candidates for ``request``, best first, each with its reasons.

    Two queries whatever the size of the registry: the request's fields, then
    the ranked specialists. Ties go to the specialist with more experience,
    then by name, so that the order is stable.
    """
    fields = {field.pk: field for field in request.fields.all()}
    queryset = candidates_queryset(request, list(fields)).order_by(
        "-score", "-years_of_experience", "full_name", "pk"
    )[:limit]
    return [
        _candidate(specialist, position, request, fields)
        for position, specialist in enumerate(queryset, start=1)
    ]


def _candidate(specialist, position, request, fields) -> Candidate:
    matched = [fields[pk] for pk in specialist.matched_fields if pk in fields]
    return Candidate(
        specialist=specialist,
        rank=position,
        score=round(specialist.score, 1),
        matched_fields=matched,
        language_level=specialist.language_level,
        available_days=specialist.available_days,
        past_dispatches=specialist.past_dispatches,
        reasons=reasons(request, len(fields), matched, specialist),
    )


def reasons(request, wanted: int, matched: list, specialist) -> list:
    """Why a candidate ranks where they do, one line per criterion."""
    lines = []
    if matched:
        lines.append(
            format_lazy(
                _("Fields: {matched} of {wanted} match ({names})"),
                matched=len(matched),
                wanted=wanted,
                names=_joined(matched),
            )
        )
    else:
        lines.append(_("Fields: none of the requested fields"))
    language = language_name(request.language)
    if specialist.language_level:
        lines.append(
            format_lazy(
                _("{language}: {level}"),
                language=language,
                level=LanguageLevel(specialist.language_level).label,
            )
        )
    else:
        lines.append(format_lazy(_("{language}: not spoken"), language=language))
    if specialist.available_days >= request.days:
        lines.append(_("Available for the whole period"))
    elif specialist.available_days:
        lines.append(
            format_lazy(
                _("Available {days} of {total} days of the period"),
                days=specialist.available_days,
                total=request.days,
            )
        )
    else:
        lines.append(_("Not available in the period"))
    lines.append(_past(specialist.past_dispatches))
    return lines


def _past(count: int):
    if count == 0:
        return _("No past dispatches")
    return _counted(count)


# Reasons are built once and shown in the viewer's language: translated when rendered.
_joined = lazy(lambda fields: ", ".join(str(field) for field in fields), str)
_counted = lazy(
    lambda count: (
        ngettext("%(count)d past dispatch", "%(count)d past dispatches", count) % {"count": count}
    ),
    str,
)
