from training.models.abroad import OverseasApplication, ParticipantTask, ProgrammeItem
from training.models.courses import Application, Approver, Course

__all__ = [
    "Application",
    "Approver",
    "Course",
    "OverseasApplication",
    "ParticipantTask",
    "ProgrammeItem",
]
