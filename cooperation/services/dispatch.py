"""Dispatch requests from the offices and the dispatches HQ makes from them."""

from django.db import transaction
from django.http import Http404
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.roles import is_hq
from clair_portal.dates import day_lazy
from clair_portal.notifications.services import notify
from cooperation import ranking
from cooperation.models import Dispatch, DispatchRequest, Specialist
from cooperation.models.dispatch import MAX_DISPATCH_DAYS
from cooperation.services.access import CooperationError, may_enter_requests, office_countries


def _check_period(starts_on, ends_on) -> None:
    """A request's or a dispatch's period: in order, three months (92 days) at most."""
    if ends_on < starts_on:
        raise CooperationError(_("The period must end on or after the day it starts."))
    if (ends_on - starts_on).days + 1 > MAX_DISPATCH_DAYS:
        raise CooperationError(
            format_lazy(
                _("A dispatch lasts at most three months ({days} days)."), days=MAX_DISPATCH_DAYS
            )
        )


def _double_booked(specialist_id: int, starts_on, ends_on, *, besides=None) -> bool:
    """Whether the specialist has another live dispatch overlapping the period.

    Call it with the specialist's row locked, so that two bookings of one person
    are decided one after the other.
    """
    others = Dispatch.objects.filter(
        specialist_id=specialist_id, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(state=Dispatch.State.CANCELLED)
    if besides is not None:
        others = others.exclude(pk=besides)
    return others.exists()


DOUBLE_BOOKED = _("This specialist is already dispatched or selected for an overlapping period.")


@transaction.atomic
def create_request(
    user, *, foreign_government, fields, language, starts_on, ends_on, description
) -> DispatchRequest:
    """Record a dispatch request; office staff only for their office's countries.

    The period runs at most three months (92 days, both ends included).
    """
    if not may_enter_requests(user):
        raise Http404
    _check_period(starts_on, ends_on)
    if not fields:
        raise CooperationError(_("Choose at least one field."))
    request = DispatchRequest(
        foreign_government=foreign_government,
        country=foreign_government.country,
        language=language,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        entered_by=user,
    )
    if not is_hq(user) and request.country.code not in office_countries(user):
        raise CooperationError(
            _("Your office is not responsible for this country; HQ can enter the request.")
        )
    request.save()
    request.fields.set(fields)
    return request


def rank_candidates(request: DispatchRequest, *, limit: int = ranking.DEFAULT_LIMIT):
    """The ranked candidates for ``request`` with their reasons (three queries)."""
    return ranking.rank(request, limit=limit)


@transaction.atomic
def select_specialist(request: DispatchRequest, specialist: Specialist, *, by) -> Dispatch:
    """HQ picks a specialist for an open request; this records the planned dispatch.

    The request is locked, so two people choosing at once cannot both succeed.
    The specialist must be active, consent to be contacted and not be dispatched
    (or selected) for an overlapping period. They are told in
    their inbox if they have an account.
    """
    if not is_hq(by):
        raise Http404
    locked = DispatchRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != DispatchRequest.State.OPEN:
        raise CooperationError(_("A specialist has already been selected for this request."))
    specialist = Specialist.objects.select_for_update().get(pk=specialist.pk)
    if not specialist.is_active or not specialist.consent_to_contact:
        raise CooperationError(
            _("This specialist cannot be selected: inactive or not consenting to be contacted.")
        )
    # The specialist's row is locked above, so two requests choosing them at once
    # are decided one after the other and the second sees the first's dispatch.
    if _double_booked(specialist.pk, locked.starts_on, locked.ends_on):
        raise CooperationError(DOUBLE_BOOKED)
    locked.state = DispatchRequest.State.SELECTED
    locked.selected_specialist = specialist
    locked.save(update_fields=["state", "selected_specialist"])
    dispatch = Dispatch.objects.create(
        request=locked, specialist=specialist, starts_on=locked.starts_on, ends_on=locked.ends_on
    )
    if specialist.user_id:
        notify(
            specialist.user,
            event_key=f"dispatch-{dispatch.pk}-selected",
            subject=_("You have been selected for a dispatch"),
            body=format_lazy(
                _("CLAIR has selected you for a dispatch to {government}, {start} to {end}."),
                government=locked.foreign_government.name_en,
                start=day_lazy(locked.starts_on),
                end=day_lazy(locked.ends_on),
            ),
            url=reverse_lazy("cooperation:my_profile"),
        )
    return dispatch


@transaction.atomic
def update_dispatch(dispatch: Dispatch, *, by, state: str, **changes) -> Dispatch:
    """Record the agreement, dates, costs and report of a dispatch, and move its state.

    Only the steps in ``Dispatch.TRANSITIONS`` are allowed; an agreement needs its
    signing date, the report state needs the report. New dates keep the dispatch
    within three months and off the specialist's other live dispatches, checked
    as ``select_specialist`` checks them. Cancelling reopens the request so
    another specialist can be chosen; completing closes it.

    Lock order, as in ``select_specialist``: the request, then the specialist
    (here with the dispatch between them), so the two cannot deadlock.
    """
    if not is_hq(by):
        raise Http404
    request_id = Dispatch.objects.values_list("request_id", flat=True).get(pk=dispatch.pk)
    request = DispatchRequest.objects.select_for_update().get(pk=request_id)
    locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    before = (locked.starts_on, locked.ends_on)
    if state != locked.state and state not in Dispatch.TRANSITIONS[locked.state]:
        raise CooperationError(
            format_lazy(
                _("A dispatch cannot go from “{old}” to “{new}”."),
                old=Dispatch.State(locked.state).label,
                new=Dispatch.State(state).label,
            )
        )
    for name, value in changes.items():
        setattr(locked, name, value)
    if (locked.starts_on, locked.ends_on) != before:
        _check_period(locked.starts_on, locked.ends_on)
        if state != Dispatch.State.CANCELLED:
            Specialist.objects.select_for_update().get(pk=locked.specialist_id)
            if _double_booked(
                locked.specialist_id, locked.starts_on, locked.ends_on, besides=locked.pk
            ):
                raise CooperationError(DOUBLE_BOOKED)
    if state == Dispatch.State.AGREED and not locked.agreement_signed_on:
        raise CooperationError(_("Give the date the agreement was signed."))
    if state == Dispatch.State.REPORTED and not (locked.report.strip() and locked.reported_on):
        raise CooperationError(_("Give the post-dispatch report and the day it was received."))
    previous = locked.state
    locked.state = state
    locked.save()
    if state == Dispatch.State.CANCELLED and previous != state:
        # The request needs someone else; the cancelled dispatch stays on record.
        request.state = DispatchRequest.State.OPEN
        request.selected_specialist = None
        request.save(update_fields=["state", "selected_specialist"])
    elif state in Dispatch.DONE:
        request.state = DispatchRequest.State.CLOSED
        request.save(update_fields=["state"])
    return locked
