"""Keeps the role groups and HQ's permissions in step with the installed models."""

from django.contrib.auth.models import Group, Permission

from clair_portal.accounts import roles

# The apps whose models HQ staff manage in the admin (what each model allows is
# decided in roles.HQ_PERMISSIONS); everything else is the superuser's.
HQ_APP_LABELS = {label.split(".")[0] for label in roles.HQ_PERMISSIONS}


def ensure_roles(sender, **kwargs):
    """Create the role groups; give HQ staff exactly the permissions of ``HQ_PERMISSIONS``.

    Exactly: a permission granted by hand, or by an older version of this
    table (every permission of the portal's apps, ``accounts.change_user`` and
    every delete included), is taken back at the next migrate.
    """
    for name in roles.ROLES:
        Group.objects.get_or_create(name=name)
    hq = Group.objects.get(name=roles.HQ_STAFF)
    keys = roles.hq_permission_keys()
    candidates = Permission.objects.filter(content_type__app_label__in=HQ_APP_LABELS)
    hq.permissions.set(
        [
            permission
            for permission in candidates.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in keys
        ]
    )
