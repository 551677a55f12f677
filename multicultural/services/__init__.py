"""What changes grants and the library: every write that matters goes through here.

Each function runs in ``transaction.atomic()`` and raises :class:`GrantError`
(or :class:`LibraryError`) with a translated message people can be shown.

The operations live in modules by sub-domain (``access``, ``applying``, ``reviewing``,
``reminders``, ``dashboards``, ``library``); this package re-exports their public names
so that ``from multicultural.services import X`` and ``services.X`` keep working.
"""

from multicultural.services.access import (
    GrantError,
    LibraryError,
    get_application_for_user,
    get_attachment_for_user,
    get_own_application,
    get_programme_for_officer,
    officer_of,
    require_hq,
    require_officer,
    tell_officers,
    yen,
)
from multicultural.services.applying import (
    Requirement,
    Terms,
    add_attachment,
    checklist,
    create_draft,
    missing_documents,
    names_list,
    problems,
    required_documents,
    submit,
    update_draft,
)
from multicultural.services.dashboards import Money, dashboard, fiscal_years
from multicultural.services.library import (
    closest_versions,
    coverage,
    publish_version,
    reader_library_language,
    refresh_currency,
    shelf_topics,
    stale_q,
)
from multicultural.services.reminders import (
    OVERDUE,
    REMINDER_DAYS_BEFORE,
    UPCOMING,
    due_reminders,
    send_reminder,
)
from multicultural.services.reviewing import (
    decide,
    record_disbursement,
    record_review,
    save_programme,
    submit_completion_report,
)

__all__ = [
    "GrantError",
    "LibraryError",
    "Money",
    "OVERDUE",
    "REMINDER_DAYS_BEFORE",
    "Requirement",
    "Terms",
    "UPCOMING",
    "add_attachment",
    "checklist",
    "closest_versions",
    "coverage",
    "create_draft",
    "dashboard",
    "decide",
    "due_reminders",
    "fiscal_years",
    "get_application_for_user",
    "get_attachment_for_user",
    "get_own_application",
    "get_programme_for_officer",
    "missing_documents",
    "names_list",
    "officer_of",
    "problems",
    "publish_version",
    "record_disbursement",
    "record_review",
    "reader_library_language",
    "refresh_currency",
    "require_hq",
    "require_officer",
    "required_documents",
    "save_programme",
    "send_reminder",
    "shelf_topics",
    "stale_q",
    "submit",
    "submit_completion_report",
    "tell_officers",
    "update_draft",
    "yen",
]
