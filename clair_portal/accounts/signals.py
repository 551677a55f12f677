"""Keeps the role groups and HQ's permissions in step with the installed models."""

from django.contrib.auth.models import Group, Permission

from clair_portal.accounts import roles

# HQ staff manage every record of the portal's own apps in the admin.
HQ_APP_LABELS = {
    "axes",  # HQ unlocks locked-out accounts by deleting their access attempts
    "accounts",
    "jobs",
    "notifications",
    "reference",
    "offices",
    "jet",
    "sistercities",
    "cooperation",
    "multicultural",
}


def ensure_roles(sender, **kwargs):
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    hq = Group.objects.get(name=roles.HQ_STAFF)
    wanted = Permission.objects.filter(content_type__app_label__in=HQ_APP_LABELS)
    hq.permissions.add(*wanted)
