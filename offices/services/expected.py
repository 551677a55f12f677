"""Which reports each office is expected to file, period by period."""

from dataclasses import dataclass
from datetime import date, datetime

from offices import periods
from offices.models import Office, ReportType


@dataclass(frozen=True)
class Expected:
    """One period of one report type that one office must file."""

    office: Office
    report_type: ReportType
    period_start: date
    due: datetime
    rule: periods.DueRule

    @property
    def label(self) -> str:
        return periods.period_label(self.report_type.schedule, self.period_start)


def reporting_offices():
    return Office.objects.filter(kind=Office.Kind.OVERSEAS).order_by("sort_order", "code")


def expected_reports(offices, report_types, first: date, last: date):
    """Every (office, type, period) with a deadline whose period starts in [first, last]."""
    for report_type in report_types:
        for office in offices:
            rule = report_type.rule_for(office)
            if not rule.required:
                continue
            for start in periods.periods_between(report_type.schedule, first, last):
                due = periods.due_at(report_type.schedule, start, rule, office.timezone)
                yield Expected(office, report_type, start, due, rule)
