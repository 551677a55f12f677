"""Subsidies: officers' claims and HQ's decisions, payments and dashboard per fiscal year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.params import int_param
from clair_portal.security.uploads import attachment_response
from training import forms, services, subsidies
from training.models import SubsidyProgramme
from training.models.subsidies import fiscal_year_of

PAGE_SIZE = 25


@login_required
def claims(request):
    """Officers: the open programmes and their organisation's claims. HQ: every claim."""
    if not is_hq(request.user):
        services.require_officer(request.user)
    rows = subsidies.visible_claims(request.user).with_related().order_by("-created_at", "-pk")
    state = request.GET.get("state")
    if state in subsidies.State.values:
        rows = rows.filter(state=state)
    return render(
        request,
        "training/claims.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "programmes": list(subsidies.open_programmes()) if not is_hq(request.user) else [],
            "hq": is_hq(request.user),
            "states": subsidies.State.choices,
            "state": state,
        },
    )


@login_required
def claim_new(request, programme_id):
    services.require_officer(request.user)
    programme = get_object_or_404(subsidies.open_programmes(), pk=programme_id)
    form = forms.ClaimForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            with show_refusals(request, form=form):
                claim = subsidies.submit_claim(
                    request.user,
                    programme.pk,
                    title=data["title"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    eligible_cost=data["eligible_cost"],
                    report=data["report"],
                    receipts=form.receipts(),
                )
                messages.success(request, _("Your claim has been sent to CLAIR."))
                return redirect("training:claim", pk=claim.pk)
    return render(
        request, "training/claim_new.html", {"programme": programme, "form": form}, status=status
    )


def _claim_page(request, claim, *, status=200, **forms_):
    hq = is_hq(request.user)
    return render(
        request,
        "training/claim.html",
        {
            "claim": claim,
            "receipts": claim.receipts.all(),
            "payments": claim.payments.all(),
            "paid": claim.paid(),
            "can_decide": hq and claim.state == subsidies.State.SUBMITTED,
            "can_pay": hq and claim.state in subsidies.SubsidyClaim.COMMITTED,
            "decision_form": forms_.get("decision_form") or forms.ClaimDecisionForm(),
            "payment_form": forms_.get("payment_form") or forms.PaymentForm(),
        },
        status=status,
    )


@login_required
def claim(request, pk):
    return _claim_page(request, subsidies.get_claim_for_user(request.user, pk))


@login_required
def receipt(request, pk, receipt_id):
    found = subsidies.get_receipt_for_user(request.user, pk, receipt_id)
    return attachment_response(found.file.open("rb"), found.name, found.content_type)


@login_required
@require_POST
def claim_decide(request, pk):
    services.require_hq(request.user)
    claim = subsidies.get_claim_for_user(request.user, pk)
    form = forms.ClaimDecisionForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            subsidies.decide_claim(
                request.user,
                pk,
                approve=form.cleaned_data["outcome"] == form.APPROVE,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The decision has been recorded and the officer told."))
            return redirect("training:claim", pk=pk)
    return _claim_page(request, claim, status=400, decision_form=form)


@login_required
@require_POST
def claim_pay(request, pk):
    services.require_hq(request.user)
    claim = subsidies.get_claim_for_user(request.user, pk)
    form = forms.PaymentForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            subsidies.record_payment(request.user, pk, **form.cleaned_data)
            messages.success(request, _("The payment has been recorded."))
            return redirect("training:claim", pk=pk)
    return _claim_page(request, claim, status=400, payment_form=form)


@login_required
def dashboard(request):
    """HQ: each programme of a fiscal year, its budget, what is committed, paid and left."""
    services.require_hq(request.user)
    current = fiscal_year_of(timezone.localdate())
    year = int_param(request, "year", default=current, low=2000, high=current + 5)
    years = sorted(
        set(SubsidyProgramme.objects.values_list("fiscal_year", flat=True)) | {current},
        reverse=True,
    )
    return render(
        request,
        "training/subsidy_dashboard.html",
        {"year": year, "years": years, "rows": subsidies.dashboard(year)},
    )
