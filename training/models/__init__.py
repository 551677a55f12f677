from training.models.abroad import OverseasApplication, ParticipantTask, ProgrammeItem
from training.models.courses import Application, Approver, Course
from training.models.subsidies import Receipt, SubsidyClaim, SubsidyPayment, SubsidyProgramme

__all__ = [
    "Application",
    "Approver",
    "Course",
    "OverseasApplication",
    "ParticipantTask",
    "ProgrammeItem",
    "Receipt",
    "SubsidyClaim",
    "SubsidyPayment",
    "SubsidyProgramme",
]
