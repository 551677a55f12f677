"""Who may see trainees' passport and visa details: HQ's cooperation staff only.

After every migrate this module gives the group of HQ's cooperation staff
``view_passport`` and the travel documents' view permission (HQ staff hold
none of them: ``roles.HQ_PERMISSIONS``). The group is not ranked among the
roles, so only a superuser adds someone to it (``roles.may_grant``): HQ staff
cannot give themselves, or a colleague, the right to read passports.
"""

from django.contrib.auth.models import Group, Permission

COOPERATION_STAFF = "HQ cooperation staff"
VIEW_PASSPORT = "cooperation.view_passport"


def cooperation_staff():
    """Active members of HQ's cooperation staff, who handle trainees' logistics."""
    from clair_portal.accounts.models import User

    return User.objects.filter(groups__name=COOPERATION_STAFF, is_active=True).distinct()


def can_view_passport(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_PASSPORT)


# The passport right, and reading the documents in the admin's trainee page (they are
# recorded on the portal's passport page, which checks their dates).
PASSPORT_CODENAMES = ("view_passport", "view_traveldocument")


def ensure_passport_group(sender, **kwargs):
    permissions = Permission.objects.filter(
        content_type__app_label="cooperation", codename__in=PASSPORT_CODENAMES
    )
    if not permissions.filter(codename="view_passport").exists():  # before the first migration
        return
    group, _ = Group.objects.get_or_create(name=COOPERATION_STAFF)
    group.permissions.set(permissions)
