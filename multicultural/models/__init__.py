"""Multicultural support: grants to local governments and associations, and the
multilingual living-information library.

Money is an integer number of yen. A fiscal year is named by the calendar year
in which it starts (FY2026 runs from 1 April 2026 to 31 March 2027).
"""

from multicultural.models.applications import (
    Attachment,
    Disbursement,
    GrantApplication,
    GrantApplicationQuerySet,
    Review,
    attachment_path,
)
from multicultural.models.library import (
    DocumentVersion,
    DocumentVersionQuerySet,
    LibraryLanguage,
    LibraryLanguageName,
    LivingDocument,
    LivingTopic,
    LivingTopicName,
    version_path,
)
from multicultural.models.programmes import (
    ApplicantKind,
    GrantCategory,
    GrantCategoryName,
    GrantProgramme,
    GrantProgrammeQuerySet,
    RequiredDocument,
    RequiredDocumentQuerySet,
    applicant_body,
    fiscal_year_bounds,
    fiscal_year_of,
)

__all__ = [
    "ApplicantKind",
    "Attachment",
    "Disbursement",
    "DocumentVersion",
    "DocumentVersionQuerySet",
    "GrantApplication",
    "GrantApplicationQuerySet",
    "GrantCategory",
    "GrantCategoryName",
    "GrantProgramme",
    "GrantProgrammeQuerySet",
    "LibraryLanguage",
    "LibraryLanguageName",
    "LivingDocument",
    "LivingTopic",
    "LivingTopicName",
    "RequiredDocument",
    "RequiredDocumentQuerySet",
    "Review",
    "attachment_path",
    "applicant_body",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "version_path",
]
