"""The offices app's models: the offices themselves, the reports they file to HQ, and
CLAIR's publications."""

from offices.models.desk import (  # noqa: F401
    FIRST_ANSWER_DAYS,
    AssistanceRequest,
    AssistanceRequestQuerySet,
    DeskCalendarFeed,
    Meeting,
    RequestAttachment,
    RequestEvent,
    RequestKind,
)
from offices.models.office import (  # noqa: F401
    Department,
    Division,
    Office,
    OfficeMembership,
    OfficeMembershipQuerySet,
    OfficeQuerySet,
)
from offices.models.publications import (  # noqa: F401
    Language,
    Publication,
    PublicationFile,
    PublicationQuerySet,
    PublicationSeries,
    Topic,
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
