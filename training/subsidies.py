"""Subsidy claims: submitted by an officer with receipts and a report, decided by HQ under
the programme's budget lock (``clair_portal.budgets``, the discipline grants use), paid.

The programme row is always locked before the claim, so decisions cannot deadlock,
and what is committed is summed only under the lock: the approved total never
exceeds the budget, nor an organisation's share its cap.
"""

from datetime import date

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal import budgets
from clair_portal.accounts.roles import is_hq
from clair_portal.notifications.services import notify
from clair_portal.organisations.access import organisation_of
from clair_portal.security.uploads import sniff
from training.models import Receipt, SubsidyClaim, SubsidyPayment, SubsidyProgramme
from training.services import TrainingError, require_hq, require_officer

State = SubsidyClaim.State
MAX_RECEIPTS = 10


def yen(amount: int) -> str:
    return f"¥{amount:,}"


# --- Who may ---------------------------------------------------------------------------


def visible_claims(user):
    """HQ: every claim; an officer: their organisation's; anyone else: none."""
    if is_hq(user):
        return SubsidyClaim.objects.all()
    organisation = organisation_of(user)
    if organisation is None:
        return SubsidyClaim.objects.none()
    return SubsidyClaim.objects.filter(organisation=organisation)


def get_claim_for_user(user, pk: int) -> SubsidyClaim:
    return get_object_or_404(visible_claims(user).with_related(), pk=pk)


def get_receipt_for_user(user, pk: int, receipt_id: int) -> Receipt:
    return get_object_or_404(get_claim_for_user(user, pk).receipts, pk=receipt_id)


def open_programmes(moment=None):
    moment = moment or timezone.now()
    return SubsidyProgramme.objects.filter(opens_at__lte=moment, closes_at__gt=moment)


def save_programme(user, programme: SubsidyProgramme) -> SubsidyProgramme:
    """Save a programme as HQ entered it (the admin's form), under the budget lock: a budget
    below what is already approved is refused."""
    require_hq(user)
    with transaction.atomic():
        if programme.pk is not None:
            locked = budgets.lock(SubsidyProgramme, programme.pk)
            budgets.ensure_covers(
                programme.budget,
                committed=locked.committed(),
                refuse=lambda committed: TrainingError(
                    format_lazy(
                        _("{amount} has already been approved; the budget cannot be lower."),
                        amount=yen(committed),
                    ),
                    field="budget",
                ),
            )
        programme.save()
    return programme


# --- Claiming ----------------------------------------------------------------------------


def submit_claim(
    user, programme_id: int, *, title, starts_on, ends_on, eligible_cost: int, report, receipts
) -> SubsidyClaim:
    """An officer claims after the tour or course, with at least one receipt and a report.

    Preconditions: the programme takes claims; the tour or course has ended; the
    receipts passed the upload validator (the form's). The amount requested is the
    programme's rate of the eligible costs, within the cap per person.
    """
    organisation = require_officer(user)
    programme = get_object_or_404(open_programmes(), pk=programme_id)
    if ends_on < starts_on:
        raise TrainingError(_("The last day cannot be before the first."), field="ends_on")
    if ends_on > timezone.localdate():
        raise TrainingError(_("Claim once the tour or course has ended."), field="ends_on")
    if not report.strip():
        raise TrainingError(_("Write a short report."), field="report")
    if not receipts:
        raise TrainingError(_("Attach at least one receipt."), field="receipts")
    if len(receipts) > MAX_RECEIPTS:
        raise TrainingError(
            _("Attach at most %(n)d receipts.") % {"n": MAX_RECEIPTS}, field="receipts"
        )
    if eligible_cost < 1:
        raise TrainingError(_("Enter the eligible costs."), field="eligible_cost")
    with transaction.atomic():
        claim = SubsidyClaim.objects.create(
            programme=programme,
            organisation=organisation,
            claimant=user,
            title=title.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            eligible_cost=eligible_cost,
            requested_amount=programme.entitlement(eligible_cost),
            report=report.strip(),
        )
        for upload in receipts:
            Receipt.objects.create(
                claim=claim,
                file=upload,
                name=upload.name[:200],
                content_type=sniff(upload),
            )
        return claim


# --- Deciding and paying -----------------------------------------------------------------


def decide_claim(user, claim_id: int, *, approve: bool, amount: int | None = None, reason=""):
    """HQ approves (the amount requested), reduces (less, with a reason) or declines (with a
    reason), under the programme's budget lock.

    The amount is at most what was requested, within what remains of the organisation's
    cap and of the programme's budget, both summed under the lock.
    """
    require_hq(user)
    reason = reason.strip()
    with transaction.atomic():
        programme_id = (
            SubsidyClaim.objects.filter(pk=claim_id).values_list("programme_id", flat=True).first()
        )
        if programme_id is None:
            raise Http404("No such claim.")
        programme = budgets.lock(SubsidyProgramme, programme_id)
        claim = SubsidyClaim.objects.select_for_update().get(pk=claim_id)
        if claim.state != State.SUBMITTED:
            raise TrainingError(_("This claim has already been decided."))
        if approve:
            amount = claim.requested_amount if amount is None else amount
            if amount < 1:
                raise TrainingError(_("Enter the amount to approve."), field="amount")
            if amount > claim.requested_amount:
                raise TrainingError(
                    format_lazy(
                        _("The amount cannot exceed the {amount} requested."),
                        amount=yen(claim.requested_amount),
                    ),
                    field="amount",
                )
            if amount < claim.requested_amount and not reason:
                raise TrainingError(_("Give the reason for the reduction."), field="reason")
            budgets.ensure_within(
                amount,
                budget=programme.cap_per_organisation,
                committed=programme.committed(organisation=claim.organisation),
                refuse=lambda left: TrainingError(
                    format_lazy(
                        _("Only {amount} of this organisation's cap remains."), amount=yen(left)
                    ),
                    field="amount",
                ),
            )
            budgets.ensure_within(
                amount,
                budget=programme.budget,
                committed=programme.committed(),
                refuse=lambda left: TrainingError(
                    format_lazy(
                        _("Only {amount} of the programme's budget remains."), amount=yen(left)
                    ),
                    field="amount",
                ),
            )
            claim.state = State.APPROVED if amount == claim.requested_amount else State.REDUCED
            claim.approved_amount = amount
        else:
            if not reason:
                raise TrainingError(_("Give the reason for declining."), field="reason")
            claim.state = State.DECLINED
        claim.reason = reason
        claim.decided_by = user
        claim.decided_at = timezone.now()
        claim.save()
        notify(
            claim.claimant,
            event_key=f"subsidy-claim-{claim.pk}-decided",
            subject=format_lazy(_("Decision on your subsidy claim: {title}"), title=claim.title),
            body=(
                format_lazy(
                    _("CLAIR has approved {amount} for “{title}”."),
                    amount=yen(claim.approved_amount),
                    title=claim.title,
                )
                if claim.state == State.APPROVED
                else format_lazy(
                    _("CLAIR has approved {amount} for “{title}”, less than requested: {reason}"),
                    amount=yen(claim.approved_amount),
                    title=claim.title,
                    reason=reason,
                )
                if claim.state == State.REDUCED
                else format_lazy(
                    _("CLAIR has declined the claim for “{title}”: {reason}"),
                    title=claim.title,
                    reason=reason,
                )
            ),
            url=reverse_lazy("training:claim", kwargs={"pk": claim.pk}),
        )
        return claim


def record_payment(user, claim_id: int, *, amount: int, paid_on: date) -> SubsidyPayment:
    """HQ records a payment; the payments of a claim never add up to more than approved."""
    require_hq(user)
    if amount is None or amount < 1:
        raise TrainingError(_("Enter a positive amount."), field="amount")
    with transaction.atomic():
        claim = get_object_or_404(SubsidyClaim.objects.select_for_update(), pk=claim_id)
        if claim.state not in SubsidyClaim.COMMITTED:
            raise TrainingError(_("Only an approved claim can be paid."))
        budgets.ensure_within(
            amount,
            budget=claim.approved_amount,
            committed=claim.paid(),
            refuse=lambda left: TrainingError(
                format_lazy(
                    _("Only {amount} of the approved amount remains to be paid."), amount=yen(left)
                ),
                field="amount",
            ),
        )
        return SubsidyPayment.objects.create(
            claim=claim, amount=amount, paid_on=paid_on, recorded_by=user
        )


# --- The dashboard -----------------------------------------------------------------------


def dashboard(fiscal_year: int) -> list[dict]:
    """Per programme of the year: budget, committed, paid, remaining and claims by state
    (two queries)."""
    programmes = list(
        SubsidyProgramme.objects.filter(fiscal_year=fiscal_year)
        .annotate(
            committed_total=Sum(
                "claims__approved_amount", filter=Q(claims__state__in=SubsidyClaim.COMMITTED)
            ),
            waiting=Count("claims", filter=Q(claims__state=State.SUBMITTED)),
            approved=Count("claims", filter=Q(claims__state__in=SubsidyClaim.COMMITTED)),
            declined=Count("claims", filter=Q(claims__state=State.DECLINED)),
        )
        .order_by("kind", "pk")
    )
    paid = dict(
        SubsidyPayment.objects.filter(claim__programme__in=programmes)
        .values_list("claim__programme")
        .annotate(total=Sum("amount"))
    )
    rows = []
    for programme in programmes:
        committed = programme.committed_total or 0
        rows.append(
            {
                "programme": programme,
                "committed": committed,
                "paid": paid.get(programme.pk, 0),
                "remaining": budgets.remaining(programme.budget, committed),
                "waiting": programme.waiting,
                "approved": programme.approved,
                "declined": programme.declined,
            }
        )
    return rows
