"""Figures on officers' course participation for HQ: by prefecture (the map of Japan),
by course and by fiscal year; and an officer's own history."""

from datetime import date

from django.db.models import Case, Count, F, IntegerField, When
from django.db.models.functions import Coalesce, ExtractYear

from clair_portal.dates import day
from training.models import Application, SubsidyClaim

# The prefecture an organisation is, or belongs to, as one column: a prefecture's own
# code, a municipality's prefecture, an association's or a board's local government's.
PREFECTURE = Coalesce(
    "organisation__local_government__prefecture_id",
    "organisation__local_government_id",
    "organisation__association__serves__prefecture_id",
    "organisation__association__serves_id",
    "organisation__area__prefecture_id",
    "organisation__area_id",
)


# The Japanese fiscal year (April–March) a course starts in.
FISCAL_YEAR = Case(
    When(course__starts_on__month__lt=4, then=ExtractYear("course__starts_on") - 1),
    default=ExtractYear("course__starts_on"),
    output_field=IntegerField(),
)


def participations(*, fiscal_year=None, course=None):
    """Selected applications of officers (the participants), filtered."""
    rows = Application.objects.filter(state=Application.State.SELECTED)
    if course is not None:
        rows = rows.filter(course=course)
    if fiscal_year is not None:
        rows = rows.filter(
            course__starts_on__gte=date(fiscal_year, 4, 1),
            course__starts_on__lte=date(fiscal_year + 1, 3, 31),
        )
    return rows


def by_prefecture(rows) -> dict[str, int]:
    """{prefecture code: participants} (one query)."""
    return dict(
        rows.annotate(prefecture_code=PREFECTURE)
        .values_list("prefecture_code")
        .annotate(n=Count("pk"))
        .order_by()
    )


def by_course(rows) -> list[tuple[str, int]]:
    """(course, participants), the most first (one query)."""
    return [
        (f"{title} ({day(start)})", n)
        for title, start, n in rows.values_list("course__title", "course__starts_on")
        .annotate(n=Count("pk"))
        .order_by("-n", "course__starts_on")[:20]
    ]


def by_year(rows) -> list[tuple[int, int]]:
    """(fiscal year, participants), in order (one query)."""
    counted = rows.annotate(fy=FISCAL_YEAR).values_list("fy").annotate(n=Count("pk")).order_by("fy")
    return [(int(year), n) for year, n in counted]


def history(user) -> dict:
    """An officer's own applications (every state) and subsidy claims, the newest first."""
    return {
        "applications": list(
            Application.objects.filter(applicant=user)
            .select_related("course", "organisation__local_government")
            .order_by(F("course__starts_on").desc(), "-pk")
        ),
        "claims": list(
            SubsidyClaim.objects.filter(claimant=user)
            .select_related("programme")
            .order_by("-created_at", "-pk")
        ),
    }
