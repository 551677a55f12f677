"""The specialist registry: profiles, deactivation and reminders of stale profiles."""

import datetime

from django.db import transaction
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clair_portal.notifications.sending import claim
from clair_portal.notifications.services import notify
from cooperation.models import Specialist
from cooperation.services.access import CooperationError


@transaction.atomic
def save_profile(form, languages, availability) -> Specialist:
    """Save a profile form and its language and availability formsets together.

    Preconditions: the three are bound and valid. The profile counts as
    updated now, which also takes it off the worklist of stale profiles.
    """
    specialist = form.save(commit=False)
    specialist.profile_updated_at = timezone.now()
    specialist.reminded_at = None
    specialist.save()
    form.save_m2m()
    languages.instance = specialist
    languages.save()
    availability.instance = specialist
    availability.save()
    return specialist


@transaction.atomic
def deactivate_specialist(specialist: Specialist) -> Specialist:
    """Take a specialist out of ranking for good; their dispatches and history stay."""
    locked = Specialist.objects.select_for_update().get(pk=specialist.pk)
    if not locked.is_active:
        raise CooperationError(_("This specialist is already deactivated."))
    if Specialist.objects.with_unfinished_dispatches().filter(pk=locked.pk).exists():
        raise CooperationError(
            _("This specialist has a dispatch that is not finished; finish or cancel it first.")
        )
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    return locked


def remind_stale_profiles(now=None, *, limit: int = 500) -> int:
    """Remind specialists whose profile is stale or incomplete; at most once a month each.

    The specialists are claimed (``sending.claim`` on ``reminded_at``) in the
    transaction that writes their notifications, so two workers running this
    together remind nobody twice, and a worker killed half-way reminds nobody.
    Returns how many were reminded.
    """
    now = now or timezone.now()
    quiet = now - datetime.timedelta(days=30)
    due = (
        Specialist.objects.active()
        .filter(user__isnull=False, user__is_active=True)
        .exclude(reminded_at__gte=quiet)
    )
    stale_ids = set(due.stale(now).values_list("pk", flat=True)[:limit])
    stale_ids |= set(due.incomplete().values_list("pk", flat=True)[:limit])
    with transaction.atomic():
        claimed = claim(
            Specialist.objects.filter(pk__in=stale_ids).exclude(reminded_at__gte=quiet),
            limit=limit,
            reminded_at=now,
        )
        for specialist in Specialist.objects.filter(pk__in=claimed).select_related("user"):
            notify(
                specialist.user,
                event_key=f"specialist-{specialist.pk}-profile-{now:%Y%m%d}",
                subject=_("Please check your specialist profile"),
                body=_(
                    "CLAIR proposes specialists for dispatch requests from local governments "
                    "abroad using the fields, languages and availability in your profile. "
                    "Please check that they are current; saving the profile confirms it."
                ),
                url=reverse_lazy("cooperation:my_profile"),
            )
    return len(claimed)
