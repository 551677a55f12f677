"""The LGOTP pages of a host local government's officers: the demand survey and the trainees.

Every page is the officer's own local government's (``services.host_government_of``);
anyone else, an association's officer included, finds it missing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from clair_portal.errors import show_refusals
from cooperation import services
from cooperation.forms import HostSurveyForm
from cooperation.models import ChecklistItem, HostOffer, Programme, Trainee, TraineePhase

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def host_home(request):
    """The demand surveys open now and every offer of the officer's local government."""
    government = services.host_government_of(request.user)
    surveys = list(Programme.objects.survey_open().order_by("fiscal_year"))
    offers = (
        HostOffer.objects.filter(local_government=government)
        .for_list()
        .order_by("-programme__fiscal_year", "field__sort_order", "pk")
    )
    return render(
        request,
        "cooperation/host/home.html",
        {"government": government, "surveys": surveys, "page": _page(request, offers)},
    )


@login_required
def host_offer_create(request, year):
    services.host_government_of(request.user)
    programme = get_object_or_404(Programme, fiscal_year=year)
    return _offer_form(request, programme, None)


@login_required
def host_offer_edit(request, pk):
    offer = services.get_host_offer_for_user(request.user, pk)
    return _offer_form(request, offer.programme, offer)


def _offer_form(request, programme, offer):
    """Outside the survey's window the page says so, and a POST is refused (400)."""
    form = HostSurveyForm(request.POST if request.method == "POST" else None, instance=offer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            with show_refusals(request, form=form):
                services.answer_demand_survey(
                    request.user,
                    programme,
                    offer=offer,
                    field=data["field"],
                    capacity=data["capacity"],
                    notes=data["notes"],
                )
                messages.success(request, _("Thank you: your host offer is recorded."))
                return redirect("cooperation:host_home")
        status = 400
    return render(
        request,
        "cooperation/host/offer_form.html",
        {
            "government": services.host_government_of(request.user),
            "programme": programme,
            "offer": offer,
            "form": form,
            "closed": None
            if programme.survey_is_open
            else services.survey_closed_message(programme),
        },
        status=status,
    )


def assigned_trainees(government):
    """The trainees placed with ``government`` (selected, or done), with their timeline and
    logistics checklist: one query per page plus one each for phases and checklists."""
    return (
        Trainee.objects.filter(
            assignment__host_government=government,
            selection__in=[Trainee.Selection.SELECTED, Trainee.Selection.COMPLETED],
        )
        .select_related("programme", "field", "assignment__field")
        .prefetch_related(
            Prefetch("phases", queryset=TraineePhase.objects.order_by("starts_on")),
            Prefetch("checklist", queryset=ChecklistItem.objects.order_by("due_on", "kind")),
        )
        .order_by("-programme__fiscal_year", "assignment__starts_on", "full_name", "pk")
    )


@login_required
def host_trainees(request):
    """The trainees assigned to the officer's local government, their timeline and checklist."""
    government = services.host_government_of(request.user)
    page = _page(request, assigned_trainees(government))
    return render(
        request,
        "cooperation/host/trainees.html",
        {
            "government": government,
            "page": page,
            "is_demo": any(t.is_demo for t in page.object_list),
        },
    )
