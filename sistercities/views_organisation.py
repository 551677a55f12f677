"""A local government's own affiliations (propose a correction) and HQ's moderation of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from sistercities import proposals
from sistercities.forms_organisation import CorrectionForm, DecisionForm, NewAffiliationForm
from sistercities.models import AffiliationProposal
from sistercities.views_partners import answer_survey

PAGE_SIZE = 20


@login_required
def propose_change(request, pk: int):
    """The officer proposes what changed in one of its government's affiliations."""
    affiliation = proposals.get_affiliation_for_user(request.user, pk)
    initial = {
        "status": affiliation.status,
        "ended_on": affiliation.ended_on,
        "fields": affiliation.fields,
        "activities": affiliation.activities,
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            with show_refusals(request, form=form):
                proposals.propose_change(request.user, affiliation.pk, **form.cleaned_data)
                messages.success(request, _("Thank you: HQ will check the correction."))
                return redirect("organisations:home")
        status = 400
    else:
        status = 200
    return render(
        request,
        "sistercities/organisation/propose.html",
        {"form": form, "affiliation": affiliation},
        status=status,
    )


@login_required
def my_survey(request):
    """The annual survey, answered by a signed-in officer: the same form and the same
    answer as the personal link (``surveys.submit_answers``)."""
    invitation = proposals.open_invitation_of(request.user)
    return answer_survey(request, invitation, redirect("organisations:home"))


@login_required
def propose_new(request):
    """The officer proposes an affiliation the portal does not hold yet."""
    government = proposals.government_of(request.user)
    form = NewAffiliationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with show_refusals(request, form=form):
                proposals.propose_new(request.user, **form.cleaned_data)
                messages.success(request, _("Thank you: HQ will check the new affiliation."))
                return redirect("organisations:home")
        status = 400
    else:
        status = 200
    return render(
        request,
        "sistercities/organisation/propose.html",
        {"form": form, "government": government},
        status=status,
    )


def _moderation(request, form, *, status=200):
    state = request.GET.get("state", AffiliationProposal.State.PENDING)
    if state not in AffiliationProposal.State.values:
        state = AffiliationProposal.State.PENDING
    rows = AffiliationProposal.objects.with_related().filter(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "sistercities/organisation/proposal_list.html",
        {"page": page, "state": state, "states": AffiliationProposal.State.choices, "form": form},
        status=status,
    )


@login_required
def proposal_list(request):
    """HQ's moderation list of corrections, pending ones by default, each with what it
    would change. Two queries for the rows whatever the page shows: the count, and
    the page with its government, affiliation, partner and officer."""
    if not is_hq(request.user):
        raise Http404
    return _moderation(request, DecisionForm())


@login_required
@require_POST
def proposal_decide(request, pk: int):
    """HQ accepts a proposal (the affiliation is written) or declines it with a reason."""
    if not is_hq(request.user):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _moderation(request, form, status=400)
    with show_refusals(request):
        if form.cleaned_data["decision"] == "accept":
            proposals.accept(pk, by=request.user)
            messages.success(request, _("The correction is accepted and the affiliation updated."))
        else:
            proposals.decline(pk, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The correction is declined; the officer is told why."))
    return redirect("sistercities:proposal_list")
