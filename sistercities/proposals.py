"""A local government corrects its own affiliations: it proposes, HQ accepts or declines.

The officer proposes on the organisation's home (``propose_change`` for one of
its affiliations, ``propose_new`` for one the portal lacks); nothing changes
until HQ accepts on the moderation list, which writes the affiliation with a
history row naming the proposal (and, through the affiliation's save, starts a
new generation of the search cache). A declined proposal tells its officer why.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.roles import is_hq
from clair_portal.notifications.services import notify
from clair_portal.organisations.access import require_organisation
from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities.models import Affiliation, AffiliationProposal
from sistercities.partnering import PartneringError
from sistercities.services import create_affiliation

FIRST_YEAR, LAST_YEAR = 1900, 2100


class ProposalError(PartneringError):
    """A refused proposal or decision."""


# --- Access ------------------------------------------------------------------------------


def government_of(user) -> LocalGovernment:
    """The local government the signed-in officer acts for, else 404 (an association or
    a school has no affiliations of its own)."""
    organisation = require_organisation(user)
    if organisation.local_government is None:
        raise Http404("Not an officer of a local government.")
    return organisation.local_government


def affiliations_of(government: LocalGovernment):
    """The government's affiliations, ended ones included, with their partners."""
    return (
        Affiliation.objects.with_japanese(LocalGovernment.objects.filter(pk=government.pk))
        .select_related("partner")
        .order_by("established_year", "pk")
    )


def get_affiliation_for_user(user, affiliation_id: int) -> Affiliation:
    """One of the officer's own government's affiliations, else 404."""
    return get_object_or_404(affiliations_of(government_of(user)), pk=affiliation_id)


def proposals_of(government: LocalGovernment):
    return AffiliationProposal.objects.with_related().filter(local_government=government)


def open_invitation_of(user):
    """The officer's government's invitation to the open survey, else 404."""
    from sistercities.models import SurveyInvitation

    invitation = SurveyInvitation.objects.open_for(government_of(user).pk).first()
    if invitation is None:
        raise Http404("No open survey.")
    return invitation


# --- Proposing ---------------------------------------------------------------------------


def _check(status, ended_on, established_year=None):
    if status == Affiliation.Status.ENDED and not ended_on:
        raise ProposalError(_("Give the date an ended affiliation ended."), field="ended_on")
    if ended_on and ended_on > timezone.localdate():
        raise ProposalError(_("The end date cannot be in the future."), field="ended_on")
    if established_year is not None and not FIRST_YEAR <= established_year <= LAST_YEAR:
        raise ProposalError(_("Give the year the agreement was signed."), field="established_year")


def propose_change(user, affiliation_id: int, *, status, ended_on, fields, activities):
    """The officer proposes a correction of one of its government's affiliations.

    Preconditions: the affiliation is theirs (else 404); an ended status has its
    date, not in the future. A pending proposal of the same affiliation is
    replaced by this one: HQ decides the latest.
    """
    affiliation = get_affiliation_for_user(user, affiliation_id)
    _check(status, ended_on)
    with transaction.atomic():
        AffiliationProposal.objects.pending().filter(affiliation=affiliation).delete()
        return AffiliationProposal.objects.create(
            organisation=require_organisation(user),
            local_government=government_of(user),
            affiliation=affiliation,
            status=status,
            ended_on=ended_on if status == Affiliation.Status.ENDED else None,
            fields=list(fields or []),
            activities=activities or "",
            proposed_by=user,
        )


def propose_new(
    user,
    *,
    partner_country,
    partner_name,
    partner_region="",
    established_year,
    fields=(),
    activities="",
):
    """The officer proposes an affiliation the portal does not hold yet."""
    government = government_of(user)
    _check(Affiliation.Status.ACTIVE, None, established_year)
    if not (partner_name or "").strip():
        raise ProposalError(_("Give the partner's name."), field="partner_name")
    return AffiliationProposal.objects.create(
        organisation=require_organisation(user),
        local_government=government,
        status=Affiliation.Status.ACTIVE,
        fields=list(fields or []),
        activities=activities or "",
        partner_country=partner_country,
        partner_region=(partner_region or "").strip(),
        partner_name=partner_name.strip(),
        established_year=established_year,
        proposed_by=user,
    )


# --- HQ's decision -----------------------------------------------------------------------


def _pending(proposal_id: int, by) -> AffiliationProposal:
    if not is_hq(by):
        raise Http404("Not HQ.")
    proposal = get_object_or_404(
        AffiliationProposal.objects.select_for_update(of=("self",)), pk=proposal_id
    )
    if proposal.state != AffiliationProposal.State.PENDING:
        raise ProposalError(_("This proposal has already been decided."))
    return proposal


def accept(proposal_id: int, *, by) -> AffiliationProposal:
    """HQ accepts: the affiliation is written (or made), with its history naming the proposal.

    Preconditions: HQ (else 404); the proposal is pending. Lock order: the
    proposal, then the affiliation.
    """
    with transaction.atomic():
        proposal = _pending(proposal_id, by)
        reason = (
            f"Correction proposed by {proposal.local_government.english_name()} (#{proposal.pk})"
        )
        if proposal.is_new:
            partner, _created = ForeignLocalGovernment.objects.get_or_create(
                country=proposal.partner_country,
                region=proposal.partner_region,
                name_en=proposal.partner_name,
            )
            affiliation = create_affiliation(
                japanese=[proposal.local_government],
                partner=partner,
                established_year=proposal.established_year,
                fields=proposal.fields,
                activities=proposal.activities,
            )
        else:
            affiliation = Affiliation.objects.select_for_update().get(pk=proposal.affiliation_id)
            affiliation.status = proposal.status
            affiliation.ended_on = proposal.ended_on
            affiliation.fields = proposal.fields
            affiliation.activities = proposal.activities
            affiliation._change_reason = reason
            affiliation._history_user = by
            affiliation.save()
        proposal.result = affiliation
        proposal.decide(by, AffiliationProposal.State.ACCEPTED)
        proposal.save()
        _tell(proposal, accepted=True)
    return proposal


def decline(proposal_id: int, *, by, reason: str) -> AffiliationProposal:
    """HQ declines with a reason, which the proposing officer reads in their inbox."""
    if not (reason or "").strip():
        raise ProposalError(
            _("Say why the proposal is declined: the officer reads it."), field="reason"
        )
    with transaction.atomic():
        proposal = _pending(proposal_id, by)
        proposal.decide(by, AffiliationProposal.State.DECLINED, reason=reason)
        proposal.save()
        _tell(proposal, accepted=False)
    return proposal


def _tell(proposal: AffiliationProposal, *, accepted: bool) -> None:
    what = (
        proposal.affiliation.partner.name_en if proposal.affiliation_id else proposal.partner_name
    )
    if accepted:
        subject = format_lazy(_("Your correction about {partner} was accepted"), partner=what)
        body = _("CLAIR has updated the affiliation as you proposed.")
    else:
        subject = format_lazy(_("Your correction about {partner} was declined"), partner=what)
        body = format_lazy(
            _("CLAIR could not accept it, for this reason: {reason}"),
            reason=proposal.decline_reason,
        )
    notify(
        proposal.proposed_by,
        event_key=f"sistercities.proposal.{proposal.pk}.{proposal.state}",
        subject=subject,
        body=body,
        url=reverse_lazy("organisations:home"),
    )
