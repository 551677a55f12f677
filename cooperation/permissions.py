"""Who may see trainees' passport and visa details: HQ's cooperation staff only.

The accounts app gives the HQ staff group every permission of the portal's
apps, this one included; passport data must not follow. After every migrate
this module takes ``view_passport`` back from HQ staff and keeps it on the
group of HQ's cooperation staff, whose members HQ chooses in the admin.
"""

from django.contrib.auth.models import Group, Permission

from clair_portal.accounts import roles

COOPERATION_STAFF = "HQ cooperation staff"
VIEW_PASSPORT = "cooperation.view_passport"


def cooperation_staff():
    """Active members of HQ's cooperation staff, who handle trainees' logistics."""
    from clair_portal.accounts.models import User

    return User.objects.filter(groups__name=COOPERATION_STAFF, is_active=True).distinct()


def can_view_passport(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_PASSPORT)


def ensure_passport_group(sender, **kwargs):
    permission = Permission.objects.filter(
        content_type__app_label="cooperation", codename="view_passport"
    ).first()
    if permission is None:  # before this app's first migration
        return
    group, _ = Group.objects.get_or_create(name=COOPERATION_STAFF)
    group.permissions.add(permission)
    hq = Group.objects.filter(name=roles.HQ_STAFF).first()
    if hq is not None:
        hq.permissions.remove(permission)
