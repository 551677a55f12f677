"""Ranking the registry's specialists for one dispatch request, in one SQL query.

Each active specialist who consents to be contacted gets four figures:

- ``matched_fields``: the request's fields the specialist works in (ids);
- ``language_level``: their level in the request's language (0 if none);
- ``available_days``: the longest overlap of one availability window with the
  requested period;
- ``past_dispatches``: dispatches they completed.

The score weighs them (fields 40, language 30, availability 20, experience
abroad 10 points) and the top ``limit`` come back with the reasons spelled out.

A specialist already dispatched, or selected, for a period overlapping the
request's is left out: a dispatcher cannot send one person to two places at
once, and ranking them last would only invite a choice the service refuses.
"""

from dataclasses import dataclass

from django.db import connection
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


# Each criterion is aggregated once over its own (indexed) table and joined by
# specialist: a hash join over a few thousand rows each, instead of four
# correlated subqueries per specialist. Only specialists matching at least
# one criterion besides experience are candidates.
RANKING_SQL = """
WITH matched AS (
    SELECT specialist_id, array_agg(field_id ORDER BY field_id) AS ids
    FROM {fields_table} WHERE field_id = ANY(%(fields)s) GROUP BY specialist_id
), spoken AS (
    SELECT specialist_id, max(level) AS level
    FROM {languages_table} WHERE language = %(language)s GROUP BY specialist_id
), free AS (
    SELECT specialist_id,
           max(LEAST(ends_on, %(ends_on)s) - GREATEST(starts_on, %(starts_on)s) + 1) AS days
    FROM {availability_table}
    WHERE starts_on <= %(ends_on)s AND ends_on >= %(starts_on)s
    GROUP BY specialist_id
), done AS (
    SELECT specialist_id, count(*) AS n
    FROM {dispatch_table} WHERE state = ANY(%(done)s) GROUP BY specialist_id
), busy AS (
    SELECT DISTINCT specialist_id
    FROM {dispatch_table}
    WHERE state <> %(cancelled)s AND request_id <> %(request)s
      AND starts_on <= %(ends_on)s AND ends_on >= %(starts_on)s
), scored AS (
    SELECT s.id, s.years_of_experience, s.full_name,
           coalesce(matched.ids, '{{}}') AS matched_fields,
           coalesce(spoken.level, 0) AS language_level,
           coalesce(free.days, 0) AS available_days,
           coalesce(done.n, 0) AS past_dispatches
    FROM {specialist_table} s
    LEFT JOIN matched ON matched.specialist_id = s.id
    LEFT JOIN spoken ON spoken.specialist_id = s.id
    LEFT JOIN free ON free.specialist_id = s.id
    LEFT JOIN done ON done.specialist_id = s.id
    LEFT JOIN busy ON busy.specialist_id = s.id
    WHERE s.is_active AND s.consent_to_contact AND busy.specialist_id IS NULL
      AND (matched.ids IS NOT NULL OR spoken.level IS NOT NULL OR free.days IS NOT NULL)
)
SELECT id, matched_fields, language_level, available_days, past_dispatches,
       cardinality(matched_fields) * %(field_points)s
       + language_level * %(language_points)s
       + available_days * %(availability_points)s
       + LEAST(past_dispatches, %(cap)s) * %(experience_points)s AS score
FROM scored
ORDER BY score DESC, years_of_experience DESC, full_name, id
LIMIT %(limit)s
"""


def _ranked_rows(request, field_ids: list[int], limit: int) -> list[tuple]:
    sql = RANKING_SQL.format(
        fields_table=Specialist.fields.through._meta.db_table,
        languages_table=SpecialistLanguage._meta.db_table,
        availability_table=Availability._meta.db_table,
        dispatch_table=Dispatch._meta.db_table,
        specialist_table=Specialist._meta.db_table,
    )
    params = {
        "fields": field_ids,
        "language": request.language,
        "starts_on": request.starts_on,
        "ends_on": request.ends_on,
        "done": [str(state) for state in Dispatch.DONE],
        "cancelled": str(Dispatch.State.CANCELLED),
        "request": request.pk,
        "field_points": FIELD_POINTS / max(len(field_ids), 1),
        "language_points": LANGUAGE_POINTS / LanguageLevel.NATIVE,
        "availability_points": AVAILABILITY_POINTS / request.days,
        "cap": EXPERIENCE_CAP,
        "experience_points": EXPERIENCE_POINTS / EXPERIENCE_CAP,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rank(request, *, limit: int = DEFAULT_LIMIT) -> list[Candidate]:
    """The best ``limit`` candidates for ``request``, best first, each with its reasons.

    Three queries whatever the size of the registry: the request's fields, the
    ranking, and the ranked specialists with their home governments. Ties go to
    the specialist with more experience, then by name, so that the order is stable.
    """
    fields = {field.pk: field for field in request.fields.all()}
    rows = _ranked_rows(request, list(fields), limit)
    people = Specialist.objects.select_related("home_government__prefecture").in_bulk(
        [row[0] for row in rows]
    )
    candidates = []
    for position, (pk, matched, level, days, past, score) in enumerate(rows, start=1):
        specialist = people[pk]
        specialist.matched_fields, specialist.language_level = matched, level
        specialist.available_days, specialist.past_dispatches = days, past
        specialist.score = score
        candidates.append(_candidate(specialist, position, request, fields))
    return candidates


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
