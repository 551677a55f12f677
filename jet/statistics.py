"""Counts of participant-years for HQ's dashboard and report, computed in the database.

A participant-year is a placement that is not withdrawn: one participant in
one JET year. Every function returns a few dozen rows at most, whatever the
size of the table, and the dashboard runs one query per chart.
"""

from django.db.models import Count
from django_countries import countries

from jet.models import Placement, Role

TOP_COUNTRIES = 15


def participant_years(year=None):
    rows = Placement.objects.exclude(state=Placement.State.WITHDRAWN)
    return rows.filter(jet_year=year) if year else rows


def by_year() -> list[tuple[int, int]]:
    rows = participant_years().values("jet_year").annotate(n=Count("id")).order_by("jet_year")
    return [(r["jet_year"], r["n"]) for r in rows]


def by_country(year=None) -> list[tuple[str, int]]:
    rows = (
        participant_years(year)
        .values("participant__nationality")
        .annotate(n=Count("id"))
        .order_by("-n", "participant__nationality")[:TOP_COUNTRIES]
    )
    return [(countries.name(r["participant__nationality"]), r["n"]) for r in rows]


def by_role(year=None) -> list[tuple[str, int]]:
    labels = dict(Role.choices)
    rows = participant_years(year).values("role").annotate(n=Count("id")).order_by("role")
    return [(str(labels[r["role"]]), r["n"]) for r in rows]


def by_prefecture(year=None) -> list[dict]:
    from reference.models import LocalGovernment

    counts = dict(
        participant_years(year)
        .values_list("organisation__prefecture")
        .annotate(n=Count("id"))
        .values_list("organisation__prefecture", "n")
    )
    return [
        {"code": lg.code, "prefecture": lg.display_name(), "count": counts.get(lg.code, 0)}
        for lg in LocalGovernment.objects.prefectures().order_by("code")
    ]


def report_rows(year=None):
    """Year × country × role × prefecture with counts, in the database's order, streamed."""
    return (
        participant_years(year)
        .values(
            "jet_year",
            "participant__nationality",
            "role",
            "organisation__prefecture",
            "organisation__prefecture__name_kanji",
            "organisation__prefecture__name_romaji",
        )
        .annotate(n=Count("id"))
        .order_by("jet_year", "participant__nationality", "role", "organisation__prefecture")
    )
