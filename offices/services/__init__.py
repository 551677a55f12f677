"""Office reports: creating, editing, submitting, reviewing, reminding.

Every change of a report's state goes through a function here. Each one runs
in ``transaction.atomic()``, locks the report row (``select_for_update``) before
it checks the state, records who did what and when as a ``ReportEvent``, and
raises ``ReportError`` with a translated message when the change is not
allowed, leaving everything as it was.

The operations live in modules by sub-domain (``access``, ``reports``, ``expected``,
``reminders``, ``rate``); this package re-exports their public names so that ``from
offices.services import X`` and ``services.X`` keep working.
"""

from offices.services.access import (
    ReportError,
    get_attachment_for_user,
    get_own_report,
    get_report_for_review,
    get_report_for_user,
    office_of,
    require_hq,
    require_office,
)
from offices.services.expected import Expected, expected_reports, reporting_offices
from offices.services.publications import (
    PublicationError,
    add_file_languages,
    first_paragraph,
    get_publication_file_for_user,
    get_publication_for_user,
    publish,
    publish_report,
    withdraw,
)
from offices.services.rate import (
    LATE,
    MISSING,
    NOT_DUE,
    ON_TIME,
    SUBMITTED_EARLY,
    RateRow,
    reporting_rate,
)
from offices.services.reminders import (
    LOOKBACK_MONTHS,
    OVERDUE_WINDOW,
    due_notices,
    queue_reminders,
    send_reminder,
)
from offices.services.reports import (
    CHUNK_SIZE,
    accept_report,
    add_attachment,
    create_report,
    hq_reviewers,
    office_staff,
    remove_attachment,
    return_report,
    save_draft,
    schedule_hint,
    submit_report,
)

__all__ = [
    "CHUNK_SIZE",
    "Expected",
    "LATE",
    "LOOKBACK_MONTHS",
    "MISSING",
    "NOT_DUE",
    "ON_TIME",
    "OVERDUE_WINDOW",
    "PublicationError",
    "RateRow",
    "ReportError",
    "SUBMITTED_EARLY",
    "accept_report",
    "add_attachment",
    "add_file_languages",
    "create_report",
    "due_notices",
    "expected_reports",
    "first_paragraph",
    "get_attachment_for_user",
    "get_own_report",
    "get_publication_file_for_user",
    "get_publication_for_user",
    "get_report_for_review",
    "get_report_for_user",
    "hq_reviewers",
    "office_of",
    "office_staff",
    "publish",
    "publish_report",
    "queue_reminders",
    "remove_attachment",
    "reporting_offices",
    "reporting_rate",
    "require_hq",
    "require_office",
    "return_report",
    "save_draft",
    "schedule_hint",
    "send_reminder",
    "submit_report",
    "withdraw",
]
