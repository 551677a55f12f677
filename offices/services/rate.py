"""The reporting rate: who filed what, on time or late, per period."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from offices.models import Office, Report, ReportType
from offices.services.expected import expected_reports, reporting_offices


@dataclass
class RateRow:
    office: Office
    cells: list = field(default_factory=list)  # (Expected, status) per period
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def rate(self) -> int | None:
        """On-time share of the periods already due, in percent."""
        return round(100 * self.on_time / self.expected) if self.expected else None


ON_TIME, LATE, MISSING, NOT_DUE, SUBMITTED_EARLY = "on_time", "late", "missing", "not_due", "early"


def reporting_rate(report_type: ReportType, first: date, last: date, now: datetime | None = None):
    """Per office, each period of ``report_type`` starting in [first, last] and how it went.

    A period counts as expected once its due time has passed: on time if the
    report's first submission came by then, late if after, missing if none.
    Three queries whatever the number of offices and periods (offices, the
    type's rules, the reports' submission times).
    """
    now = now or timezone.now()
    offices = list(reporting_offices())
    report_type = ReportType.objects.with_rules().get(pk=report_type.pk)
    submitted = {
        (office_id, start): (first_at, due)
        for office_id, start, first_at, due in Report.objects.filter(
            report_type=report_type, period_start__range=(first, last)
        ).values_list("office_id", "period_start", "first_submitted_at", "due_at")
    }
    rows = {office.pk: RateRow(office) for office in offices}
    for expected in expected_reports(offices, [report_type], first, last):
        row = rows[expected.office.pk]
        first_at, due = submitted.get((expected.office.pk, expected.period_start), (None, None))
        due = due or expected.due
        if due > now:
            status = SUBMITTED_EARLY if first_at else NOT_DUE
        else:
            row.expected += 1
            if first_at is None:
                status = MISSING
                row.missing += 1
            elif first_at <= due:
                status = ON_TIME
                row.on_time += 1
            else:
                status = LATE
                row.late += 1
        row.cells.append((expected, status))
    return list(rows.values())
