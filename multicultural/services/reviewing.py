"""Reviewing and deciding applications, disbursements and completion reports."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal import budgets
from clair_portal.dates import day_lazy
from multicultural.models import Disbursement, GrantApplication, GrantProgramme, Review
from multicultural.services.access import (
    GrantError,
    get_own_application,
    require_hq,
    require_officer,
    tell_officers,
    yen,
)


def save_programme(user, programme: GrantProgramme, *, categories=None) -> GrantProgramme:
    """Save a grant programme as HQ entered it (the admin's form); its budget under the lock.

    ``programme`` carries the new values, unsaved. For a programme that exists,
    its row is locked first, as ``decide`` locks it, and only then is the
    awarded total summed: an award being decided at the same moment is waited
    for and counted, so the budget never ends below what is awarded.
    ``categories``, if given, replace the programme's categories.
    """
    require_hq(user)
    with transaction.atomic():
        if programme.pk is not None:
            locked = budgets.lock(GrantProgramme, programme.pk)
            budgets.ensure_covers(
                programme.budget,
                committed=locked.committed(),
                refuse=lambda committed: GrantError(
                    _("¥%(committed)s has already been awarded; the budget cannot be lower.")
                    % {"committed": f"{committed:,}"},
                    field="budget",
                ),
            )
        programme.save()
        if categories is not None:
            programme.categories.set(categories)
    return programme


def record_review(reviewer, application_id: int, *, score: int, comment: str = "") -> Review:
    """HQ scores a submitted application; a reviewer's second review replaces the first."""
    require_hq(reviewer)
    if not 1 <= int(score) <= 5:
        raise GrantError(_("The score must be between 1 and 5."), field="score")
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update().get(pk=application_id)
        if application.state not in GrantApplication.DECIDABLE:
            raise GrantError(_("Only submitted applications awaiting a decision can be reviewed."))
        review, _created = Review.objects.update_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"score": score, "comment": comment},
        )
        if application.state == GrantApplication.State.SUBMITTED:
            application.state = GrantApplication.State.UNDER_REVIEW
            application.save(update_fields=["state"])
        return review


def decide(reviewer, application_id: int, *, award: bool, amount: int | None = None, comment=""):
    """Award (with an amount) or decline a submitted application.

    Budget integrity: the programme's row is locked (``SELECT ... FOR UPDATE``)
    before the committed total is summed, so two decisions on the same programme
    run one after the other and the awarded total never exceeds the budget. The
    programme is always locked before the application, so decisions cannot
    deadlock. The award must satisfy 0 < amount <= requested <= cap.
    """
    require_hq(reviewer)
    with transaction.atomic():
        programme_id = (
            GrantApplication.objects.filter(pk=application_id)
            .values_list("programme_id", flat=True)
            .first()
        )
        if programme_id is None:
            raise Http404("No such application.")
        programme = budgets.lock(GrantProgramme, programme_id)
        application = GrantApplication.objects.select_for_update().get(pk=application_id)
        if application.state not in GrantApplication.DECIDABLE:
            raise GrantError(_("This application has already been decided."))
        now = timezone.now()
        if award:
            if amount is None or amount < 1:
                raise GrantError(_("Enter the amount to award."), field="amount")
            if amount > application.requested_amount:
                raise GrantError(
                    format_lazy(
                        _("The award cannot exceed the {amount} requested."),
                        amount=yen(application.requested_amount),
                    ),
                    field="amount",
                )
            cap = programme.cap_for(application.applicant_kind)
            if cap is None or amount > cap:
                raise GrantError(
                    format_lazy(
                        _("The award cannot exceed this applicant's cap of {amount}."),
                        amount=yen(cap or 0),
                    ),
                    field="amount",
                )
            budgets.ensure_within(
                amount,
                budget=programme.budget,
                committed=programme.committed(),
                refuse=lambda remaining: GrantError(
                    format_lazy(
                        _("Only {amount} of the programme's budget remains."),
                        amount=yen(remaining),
                    ),
                    field="amount",
                ),
            )
            application.state = GrantApplication.State.AWARDED
            application.awarded_amount = amount
            application.report_due_on = application.project_end + timedelta(
                days=programme.report_due_days
            )
        else:
            application.state = GrantApplication.State.REJECTED
        application.decided_at = now
        application.decided_by = reviewer
        application.decision_comment = comment
        application.save()
        tell_officers(
            application,
            event=f"grant-application-{application.pk}-decided",
            subject=format_lazy(
                _("Decision on your grant application: {title}"), title=application.title
            ),
            body=(
                format_lazy(
                    _(
                        "CLAIR has awarded {amount} to “{title}”. A completion report is due by {due}."
                    ),
                    amount=yen(application.awarded_amount),
                    title=application.title,
                    due=day_lazy(application.report_due_on),
                )
                if award
                else format_lazy(
                    _("CLAIR has decided not to fund “{title}” this time."), title=application.title
                )
            ),
        )
        return application


def record_disbursement(user, application_id: int, *, amount: int, paid_on: date, note=""):
    """HQ records a payment; the payments to an award never add up to more than the award."""
    require_hq(user)
    if amount is None or amount < 1:
        raise GrantError(_("Enter a positive amount."), field="amount")
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update().get(pk=application_id)
        if not application.is_awarded:
            raise GrantError(_("Only an awarded grant can be paid."))
        paid = application.disbursements.aggregate(total=Sum("amount"))["total"] or 0
        if paid + amount > application.awarded_amount:
            raise GrantError(
                format_lazy(
                    _("Only {amount} of the award remains to be paid."),
                    amount=yen(application.awarded_amount - paid),
                ),
                field="amount",
            )
        return Disbursement.objects.create(
            application=application, amount=amount, paid_on=paid_on, note=note, recorded_by=user
        )


def submit_completion_report(user, application_id: int, *, text: str) -> GrantApplication:
    """The officer reports on an awarded project; the grant is then complete."""
    require_officer(user)
    if not text.strip():
        raise GrantError(_("Describe what the project achieved."), field="text")
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        if application.state != GrantApplication.State.AWARDED:
            raise GrantError(_("A completion report can only be sent for an awarded grant."))
        application.report_text = text
        application.reported_at = timezone.now()
        application.state = GrantApplication.State.COMPLETED
        application.save(update_fields=["report_text", "reported_at", "state"])
        return application
