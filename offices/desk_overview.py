"""HQ's view of the desk: requests per office and kind, how fast first answers and
completions came, the local governments' ratings, and what is overdue now.

Times are counted from when a request was first sent, less the time its clock stood
while the office waited for more information. Figures are read in one query over the
requests of the chosen fiscal year (April to March, Japan time) and summed here.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from statistics import median
from zoneinfo import ZoneInfo

from django.utils import timezone

from offices import periods
from offices.models import AssistanceRequest, Office, RequestKind

JAPAN = ZoneInfo("Asia/Tokyo")
DAY = 24 * 60 * 60


@dataclass
class OfficeFigures:
    office: Office
    sent: int = 0
    by_kind: dict = field(default_factory=dict)
    open: int = 0
    overdue: int = 0
    answer_days: list = field(default_factory=list)
    in_time: int = 0
    answered: int = 0
    completion_days: list = field(default_factory=list)
    ratings: list = field(default_factory=list)

    @property
    def kinds(self) -> list[int]:
        return [self.by_kind.get(kind, 0) for kind in RequestKind.values]

    @property
    def median_answer_days(self) -> float | None:
        return round(median(self.answer_days), 1) if self.answer_days else None

    @property
    def median_completion_days(self) -> float | None:
        return round(median(self.completion_days), 1) if self.completion_days else None

    @property
    def in_time_percent(self) -> int | None:
        return round(100 * self.in_time / self.answered) if self.answered else None

    @property
    def average_rating(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 1) if self.ratings else None


def fiscal_year_bounds(year: int) -> tuple[datetime, datetime]:
    """From 1 April of ``year`` to 1 April of the next, Japan time."""
    return (
        datetime.combine(date(year, 4, 1), time(0), tzinfo=JAPAN),
        datetime.combine(date(year + 1, 4, 1), time(0), tzinfo=JAPAN),
    )


def current_fiscal_year() -> int:
    return periods.fiscal_year(timezone.localdate(timezone.now(), JAPAN))


def requests_of_year(year: int | None):
    """The requests sent in fiscal ``year`` (every one sent, with ``None``)."""
    rows = AssistanceRequest.objects.sent()
    if year is not None:
        start, end = fiscal_year_bounds(year)
        rows = rows.filter(submitted_at__gte=start, submitted_at__lt=end)
    return rows


def figures(year: int | None, now: datetime | None = None) -> list[OfficeFigures]:
    """One row per office that received requests, in the offices' order (two queries)."""
    now = now or timezone.now()
    offices = {office.pk: office for office in Office.objects.order_by("sort_order", "code")}
    rows = {}
    for request in requests_of_year(year).only(
        "office_id", "kind", "state", "submitted_at", "first_answered_at", "completed_at",
        "paused_seconds", "due_at", "rating",
    ):  # fmt: skip
        row = rows.setdefault(request.office_id, OfficeFigures(offices[request.office_id]))
        row.sent += 1
        row.by_kind[request.kind] = row.by_kind.get(request.kind, 0) + 1
        if request.state in (
            AssistanceRequest.State.SUBMITTED,
            AssistanceRequest.State.INFO_REQUESTED,
        ):
            row.open += 1
        if (
            request.state == AssistanceRequest.State.SUBMITTED
            and request.due_at
            and request.due_at < now
        ):
            row.overdue += 1
        if request.answer_seconds is not None:
            row.answered += 1
            row.in_time += bool(request.answered_on_time)
            row.answer_days.append(max(request.answer_seconds, 0) / DAY)
        if request.completion_seconds is not None:
            row.completion_days.append(max(request.completion_seconds, 0) / DAY)
        if request.rating:
            row.ratings.append(request.rating)
    order = list(offices)
    return sorted(rows.values(), key=lambda row: order.index(row.office.pk))


def overdue_now(now: datetime | None = None):
    """Every request past its first answer's deadline, the longest overdue first."""
    return AssistanceRequest.objects.overdue(now).listing().order_by("due_at", "pk")
