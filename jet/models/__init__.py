"""The JET Programme: participants, contracting organisations, placements, seminars.

A placement is one participant's contract for one JET year with one contracting
organisation (任用団体). HQ keeps it as a draft until it is published; only then
does the participant see it. Each publication or change of a published placement
raises ``version``, and each version is told to the participant exactly once
(``PlacementNotice``). A reappointment asks both sides whether the participant
stays another year.
"""

from jet.models.counselling import (
    COUNSELLING_LEAD,
    COUNSELLORS,
    PREFECTURAL_ADVISORS,
    Consultation,
    ConsultationMessage,
    ConsultationQuerySet,
    ConsultationReading,
    CounsellingHours,
    DutyShift,
    PrefecturalAdvisor,
    SelfHelpPage,
    Topic,
)
from jet.models.placements import (
    FIRST_JET_YEAR,
    MAX_YEARS,
    ContractingOrganisation,
    Participant,
    ParticipantQuerySet,
    Placement,
    PlacementNotice,
    PlacementQuerySet,
    Role,
    clean_workplaces,
)
from jet.models.reappointments import Reappointment, ReappointmentQuerySet
from jet.models.seminars import (
    CalendarFeed,
    Seminar,
    SeminarQuerySet,
    SeminarRegistration,
    new_feed_token,
)

__all__ = [
    "COUNSELLING_LEAD",
    "PREFECTURAL_ADVISORS",
    "COUNSELLORS",
    "Consultation",
    "ConsultationMessage",
    "ConsultationQuerySet",
    "ConsultationReading",
    "CounsellingHours",
    "DutyShift",
    "PrefecturalAdvisor",
    "SelfHelpPage",
    "Topic",
    "FIRST_JET_YEAR",
    "MAX_YEARS",
    "CalendarFeed",
    "ContractingOrganisation",
    "Participant",
    "ParticipantQuerySet",
    "Placement",
    "PlacementNotice",
    "PlacementQuerySet",
    "Reappointment",
    "ReappointmentQuerySet",
    "Role",
    "Seminar",
    "SeminarQuerySet",
    "SeminarRegistration",
    "clean_workplaces",
    "new_feed_token",
]
