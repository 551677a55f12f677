"""Who acts for which organisation, and the one way every app scopes by it.

``organisation_of(user)`` is the organisation the signed-in person acts for
(read once per request); ``get_for_organisation`` answers another
organisation's object exactly like a missing one (404).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from clair_portal.accounts import roles
from clair_portal.organisations.models import Membership, Organisation


def membership_of(user) -> Membership | None:
    """The active membership of ``user``, with its organisation; None for anyone else.

    Cached on the user object: pages and services that ask several times in one
    request read it once.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    # Every officer holds the role (the services grant it with the membership): the
    # role names are read once per request anyway, so nobody else pays a query here.
    if not roles.has_role(user, roles.ORGANISATION_OFFICER):
        return None
    if not hasattr(user, "_membership"):
        user._membership = (
            Membership.objects.filter(user=user, is_active=True)
            .select_related(
                "organisation__local_government__prefecture",
                "organisation__association__serves__prefecture",
                "organisation__area__prefecture",
            )
            .first()
        )
    return user._membership


def forget_membership(user) -> None:
    """Drop the cached membership and roles (after a service changed them in this request)."""
    user.__dict__.pop("_membership", None)
    user.__dict__.pop("_role_names", None)


def organisation_of(user) -> Organisation | None:
    """The organisation ``user`` acts for, or None."""
    membership = membership_of(user)
    return membership.organisation if membership else None


def is_officer(user) -> bool:
    return organisation_of(user) is not None


def require_organisation(user) -> Organisation:
    """The user's organisation, else 404: the pages of an organisation look missing to others."""
    organisation = organisation_of(user)
    if organisation is None:
        raise Http404("Not an officer of an organisation.")
    return organisation


def get_for_organisation(user, queryset, *, field: str = "organisation", **lookup):
    """The object of ``queryset`` matching ``lookup`` if it belongs to the user's organisation.

    ``field`` is the path from the object to its ``Organisation`` (e.g.
    ``"placement__organisation__organisation"``). An object of another
    organisation, or a user of none, answers 404 exactly like a missing one.
    """
    organisation = require_organisation(user)
    return get_object_or_404(queryset.filter(**{field: organisation}), **lookup)


def colleagues(organisation):
    """The organisation's memberships, current ones first, with their accounts (one query)."""
    return (
        Membership.objects.of(organisation)
        .select_related("user", "invited_by")
        .order_by("-is_active", "user__email")
    )
