"""The portal's roles, as Django groups created by the accounts migrations.

A role says what kind of user someone is; which objects they may see is
decided by each app's queryset scoping (an office member sees their office's
records, a participant their own placement).
"""

from django.utils.translation import gettext_lazy as _

HQ_STAFF = "HQ staff"
OFFICE_STAFF = "Office staff"
JET_PARTICIPANT = "JET participants"
SPECIALIST = "Specialists"
GRANT_APPLICANT = "Grant applicants"

ROLES = {
    HQ_STAFF: _("HQ staff"),
    OFFICE_STAFF: _("Office staff"),
    JET_PARTICIPANT: _("JET participants"),
    SPECIALIST: _("Specialists"),
    GRANT_APPLICANT: _("Grant applicants"),
}


def has_role(user, role: str) -> bool:
    if not user.is_authenticated:
        return False
    # Group names are cached per request on the user object.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return role in user._role_names


def is_hq(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, HQ_STAFF))
