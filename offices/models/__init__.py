"""The offices app's models: the offices themselves, and the reports they file to HQ."""

from offices.models.office import (  # noqa: F401
    Department,
    Division,
    Office,
    OfficeMembership,
    OfficeMembershipQuerySet,
    OfficeQuerySet,
)
from offices.models.reports import (  # noqa: F401
    Report,
    ReportAttachment,
    ReportEvent,
    ReportQuerySet,
    ReportReminder,
    ReportType,
    ReportTypeOfficeRule,
)
