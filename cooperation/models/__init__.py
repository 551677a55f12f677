from cooperation.models.dispatch import Dispatch, DispatchRequest
from cooperation.models.lgotp import (
    ChecklistItem,
    HostAssignment,
    HostOffer,
    Programme,
    Trainee,
    TraineePhase,
    TravelDocument,
)
from cooperation.models.specialists import (
    Availability,
    Field,
    LanguageLevel,
    Specialist,
    SpecialistLanguage,
)

__all__ = [
    "Availability",
    "ChecklistItem",
    "Dispatch",
    "DispatchRequest",
    "Field",
    "HostAssignment",
    "HostOffer",
    "LanguageLevel",
    "Programme",
    "Specialist",
    "SpecialistLanguage",
    "Trainee",
    "TraineePhase",
    "TravelDocument",
]
