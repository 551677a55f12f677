from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.params import int_param, text_param
from cooperation import services
from cooperation.forms import (
    AvailabilityFormSet,
    DispatchForm,
    DispatchRequestForm,
    FinalReportForm,
    HostForm,
    LanguageFormSet,
    OfferForm,
    ProfileForm,
    ProgrammeForm,
    SelectForm,
    SelectionForm,
    TraineeForm,
    TravelDocumentForm,
)
from cooperation.languages import language_name
from cooperation.models import (
    Dispatch,
    DispatchRequest,
    Field,
    HostOffer,
    Programme,
    Specialist,
    Trainee,
)
from cooperation.permissions import can_view_passport

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _hq_only(user):
    if not is_hq(user):
        raise Http404


def _any_demo(page) -> bool:
    """Whether the page shows an invented record, so it must carry the demo notice."""
    return any(record.is_demo for record in page.object_list)


@login_required
def index(request):
    """Where the header's link leads: each party to their own starting page."""
    if Specialist.objects.filter(user=request.user, is_active=True).exists():
        return redirect("cooperation:my_profile")
    if services.may_enter_requests(request.user):
        return redirect("cooperation:request_list")
    return render(request, "cooperation/index.html")


# --- The specialist's own profile ----------------------------------------------------


@login_required
def my_profile(request):
    """A specialist keeps their own profile, languages and availability current."""
    specialist = services.get_own_specialist(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=specialist)
    languages = LanguageFormSet(data, instance=specialist, prefix="languages")
    availability = AvailabilityFormSet(data, instance=specialist, prefix="availability")
    if request.method == "POST":
        if form.is_valid() and languages.is_valid() and availability.is_valid():
            services.save_profile(form, languages, availability)
            messages.success(request, _("Your profile has been saved."))
            return redirect("cooperation:my_profile")
        messages.error(request, _("Your profile was not saved: please correct the errors below."))
    dispatches = specialist.dispatches.for_list()
    return render(
        request,
        "cooperation/my_profile.html",
        {
            "specialist": specialist,
            "form": form,
            # Not "languages": base.html's language menu takes that name.
            "language_formset": languages,
            "availability_formset": availability,
            "dispatches": dispatches,
        },
    )


# --- HQ: the registry and its worklist -----------------------------------------------

WORKLISTS = {
    "all": lambda qs: qs,
    "incomplete": lambda qs: qs.incomplete(),
    "stale": lambda qs: qs.stale(),
    "inactive": None,
}


@login_required
def specialist_list(request):
    """HQ's registry: all active specialists, or the worklists of incomplete and stale profiles."""
    _hq_only(request.user)
    show = request.GET.get("show", "all")
    if show not in WORKLISTS:
        show = "all"
    if show == "inactive":
        specialists = Specialist.objects.filter(is_active=False)
    else:
        specialists = WORKLISTS[show](Specialist.objects.active())
    query = text_param(request, "q")
    if query:
        specialists = specialists.filter(full_name__icontains=query)
    specialists = specialists.for_list().order_by(
        "profile_updated_at" if show == "stale" else "full_name", "pk"
    )
    page = _page(request, specialists)
    return render(
        request,
        "cooperation/specialist_list.html",
        {"page": page, "show": show, "query": query, "demo": _any_demo(page)},
    )


@login_required
def specialist_detail(request, pk):
    specialist = services.get_specialist_for_user(request.user, pk)
    return render(
        request,
        "cooperation/specialist_detail.html",
        {
            "specialist": specialist,
            "fields": specialist.fields.all(),
            "spoken": specialist.languages.all(),
            "windows": specialist.availability.all(),
            "dispatches": specialist.dispatches.for_list(),
        },
    )


@login_required
@require_POST
def specialist_deactivate(request, pk):
    specialist = services.get_specialist_for_user(request.user, pk)
    with show_refusals(request):
        services.deactivate_specialist(specialist)
        messages.success(request, _("The specialist has been deactivated."))
    return redirect("cooperation:specialist_detail", pk=specialist.pk)


# --- Dispatch requests ------------------------------------------------------------------


@login_required
def request_list(request):
    """Requests the viewer may see: all for HQ, their countries' for office staff."""
    if not services.may_enter_requests(request.user):
        raise Http404
    requests = DispatchRequest.objects.visible_to(request.user).for_list()
    state = request.GET.get("state", "")
    if state in DispatchRequest.State.values:
        requests = requests.filter(state=state)
    page = _page(request, requests)
    return render(
        request,
        "cooperation/request_list.html",
        {
            "page": page,
            "state": state,
            "states": DispatchRequest.State.choices,
            "demo": _any_demo(page),
        },
    )


@login_required
def request_create(request):
    if not services.may_enter_requests(request.user):
        raise Http404
    countries = None if is_hq(request.user) else services.office_countries(request.user)
    form = DispatchRequestForm(request.POST or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with show_refusals(request, form=form):
            created = services.create_request(
                request.user,
                foreign_government=data["foreign_government"],
                fields=list(data["fields"]),
                language=data["language"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                description=data["description"],
            )
            messages.success(request, _("The dispatch request has been recorded."))
            return redirect("cooperation:request_detail", pk=created.pk)
    return render(request, "cooperation/request_form.html", {"form": form})


@login_required
def request_detail(request, pk):
    """The request, and for HQ the ranked candidates with the reason for each rank."""
    dispatch_request = services.get_request_for_user(request.user, pk)
    candidates = []
    if is_hq(request.user) and dispatch_request.state == DispatchRequest.State.OPEN:
        candidates = services.rank_candidates(dispatch_request)
    return render(
        request,
        "cooperation/request_detail.html",
        {
            "req": dispatch_request,
            "fields": dispatch_request.fields.all(),
            "candidates": candidates,
            "dispatches": dispatch_request.dispatches.select_related("specialist"),
            "may_select": is_hq(request.user),
        },
    )


@login_required
@require_POST
def request_select(request, pk):
    dispatch_request = services.get_request_for_user(request.user, pk)
    if not is_hq(request.user):
        raise Http404
    form = SelectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a specialist from the list."))
        return redirect("cooperation:request_detail", pk=pk)
    specialist = get_object_or_404(Specialist, pk=form.cleaned_data["specialist"])
    with show_refusals(request):
        dispatch = services.select_specialist(dispatch_request, specialist, by=request.user)
        messages.success(request, _("The specialist has been selected; record the dispatch below."))
        return redirect("cooperation:dispatch_detail", pk=dispatch.pk)
    return redirect("cooperation:request_detail", pk=pk)


@login_required
def dispatch_list(request):
    if not services.may_enter_requests(request.user):
        raise Http404
    page = _page(request, Dispatch.objects.visible_to(request.user).for_list())
    demo = any(dispatch.request.is_demo for dispatch in page.object_list)
    return render(request, "cooperation/dispatch_list.html", {"page": page, "demo": demo})


@login_required
def dispatch_detail(request, pk):
    """The dispatch record; HQ records agreement, dates, costs, report and state here."""
    dispatch = services.get_dispatch_for_user(request.user, pk)
    form = None
    if is_hq(request.user):
        form = DispatchForm(request.POST or None, instance=dispatch)
        if request.method == "POST" and form.is_valid():
            changes = {k: v for k, v in form.cleaned_data.items() if k != "state"}
            with show_refusals(request, form=form):
                services.update_dispatch(
                    dispatch, by=request.user, state=form.cleaned_data["state"], **changes
                )
                messages.success(request, _("The dispatch has been saved."))
                return redirect("cooperation:dispatch_detail", pk=pk)
            # Show the stored record, not the refused values.
            dispatch.refresh_from_db()
    elif request.method == "POST":
        raise Http404
    return render(request, "cooperation/dispatch_detail.html", {"dispatch": dispatch, "form": form})


# --- LGOTP ---------------------------------------------------------------------------


@login_required
def trainee_list(request):
    _hq_only(request.user)
    programmes = list(Programme.objects.all())
    trainees = Trainee.objects.for_list()
    year = int_param(request, "year")
    if year is not None:
        trainees = trainees.filter(programme__fiscal_year=year)
    selection = request.GET.get("selection", "")
    if selection in Trainee.Selection.values:
        trainees = trainees.filter(selection=selection)
    page = _page(request, trainees)
    return render(
        request,
        "cooperation/trainee_list.html",
        {
            "page": page,
            "demo": _any_demo(page),
            "programmes": programmes,
            "year": "" if year is None else str(year),
            "selection": selection,
            "selections": Trainee.Selection.choices,
        },
    )


@login_required
def trainee_detail(request, pk):
    """A trainee's record, timeline and checklist; passport data for HQ cooperation staff."""
    trainee = services.get_trainee_for_user(request.user, pk)
    show_passport = can_view_passport(request.user)
    placing = request.method == "POST" and "offer" in request.POST
    form = FinalReportForm(request.POST if request.method == "POST" and not placing else None)
    host_form = HostForm(request.POST if placing else None, trainee=trainee)
    if placing and host_form.is_valid():
        with show_refusals(request, form=host_form):
            services.place_trainee(trainee, **host_form.cleaned_data)
            messages.success(request, _("The host and the timeline have been recorded."))
            return redirect("cooperation:trainee_detail", pk=pk)
    elif form.is_bound and form.is_valid():
        with show_refusals(request, form=form):
            services.record_final_report(
                trainee,
                report=form.cleaned_data["report"],
                received_on=form.cleaned_data["received_on"],
            )
            messages.success(request, _("The final report has been recorded."))
            return redirect("cooperation:trainee_detail", pk=pk)
    return render(
        request,
        "cooperation/trainee_detail.html",
        {
            "trainee": trainee,
            "phases": trainee.phases.all(),
            "checklist": trainee.checklist.all(),
            "travel_document": (
                getattr(trainee, "travel_document", None) if show_passport else None
            ),
            "show_passport": show_passport,
            "language_names": [language_name(code) for code in trainee.languages],
            "form": form,
            "host_form": host_form,
            "selection_form": _selection_form(trainee),
        },
    )


def _selection_form(trainee, data=None):
    allowed = services.SELECTION_STEPS[trainee.selection]
    return SelectionForm(data, allowed=allowed) if allowed else None


@login_required
def programme_statistics(request, year):
    _hq_only(request.user)
    programme = get_object_or_404(Programme, fiscal_year=year)
    return render(
        request,
        "cooperation/statistics.html",
        {"programme": programme, **services.statistics(programme)},
    )


# --- LGOTP: programme years and the demand survey ------------------------------------


@login_required
def programme_list(request):
    """The LGOTP years, each with its demand survey, trainees and statistics; HQ opens a year."""
    _hq_only(request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form, field="fiscal_year"):
            programme = services.open_programme(request.user, form.cleaned_data["fiscal_year"])
            messages.success(request, _("The programme year has been opened."))
            return redirect("cooperation:offer_list", year=programme.fiscal_year)
    programmes = Programme.objects.annotate(
        offers_count=Count("offers", distinct=True), trainees_count=Count("trainees", distinct=True)
    )
    return render(
        request, "cooperation/programme_list.html", {"programmes": programmes, "form": form}
    )


@login_required
def offer_list(request, year):
    """One year's demand survey: each host's offer, with the places already taken."""
    programme = services.get_programme_for_user(request.user, year)
    offers = HostOffer.objects.filter(programme=programme).for_list()
    fields = list(Field.objects.all())
    field = int_param(request, "field")
    if field is not None:
        offers = offers.filter(field_id=field)
    offers = offers.order_by("local_government_id", "field__sort_order", "pk")
    page = _page(request, offers)
    return render(
        request,
        "cooperation/offer_list.html",
        {
            "programme": programme,
            "page": page,
            "fields": fields,
            "field": "" if field is None else str(field),
        },
    )


@login_required
def offer_create(request, year):
    programme = services.get_programme_for_user(request.user, year)
    return _offer_form(request, programme, None)


@login_required
def offer_edit(request, pk):
    offer = services.get_offer_for_user(request.user, pk)
    return _offer_form(request, offer.programme, offer)


def _offer_form(request, programme, offer):
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form):
            services.save_offer(request.user, programme, offer=offer, **form.cleaned_data)
            messages.success(request, _("The host offer has been saved."))
            return redirect("cooperation:offer_list", year=programme.fiscal_year)
    return render(
        request,
        "cooperation/offer_form.html",
        {"form": form, "programme": programme, "offer": offer},
    )


# --- LGOTP: entering trainees ---------------------------------------------------------


@login_required
def trainee_create(request):
    _hq_only(request.user)
    initial = {}
    year = int_param(request, "year")
    if year is not None:
        initial["programme"] = Programme.objects.filter(fiscal_year=year).first()
    form = TraineeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        trainee = services.save_trainee(request.user, **form.cleaned_data)
        messages.success(request, _("The trainee has been entered as nominated."))
        return redirect("cooperation:trainee_detail", pk=trainee.pk)
    return render(request, "cooperation/trainee_form.html", {"form": form, "trainee": None})


@login_required
def trainee_edit(request, pk):
    trainee = services.get_trainee_for_user(request.user, pk)
    form = TraineeForm(request.POST or None, instance=trainee)
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form):
            services.save_trainee(request.user, trainee=trainee, **form.cleaned_data)
            messages.success(request, _("The trainee's details have been saved."))
            return redirect("cooperation:trainee_detail", pk=pk)
    return render(request, "cooperation/trainee_form.html", {"form": form, "trainee": trainee})


@login_required
@require_POST
def trainee_selection(request, pk):
    trainee = services.get_trainee_for_user(request.user, pk)
    form = _selection_form(trainee, request.POST)
    if form is None or not form.is_valid():
        messages.error(request, _("Choose one of the states offered."))
        return redirect("cooperation:trainee_detail", pk=pk)
    with show_refusals(request):
        services.set_selection(request.user, trainee, form.cleaned_data["selection"])
        messages.success(request, _("The selection state has been changed."))
    return redirect("cooperation:trainee_detail", pk=pk)


@login_required
def trainee_passport(request, pk):
    """Passport and visa of one trainee: HQ's cooperation staff only; to others it is missing."""
    trainee = services.get_trainee_for_user(request.user, pk)
    if not can_view_passport(request.user):
        raise Http404
    document = getattr(trainee, "travel_document", None)
    form = TravelDocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form):
            services.save_travel_document(request.user, trainee, **form.cleaned_data)
            messages.success(request, _("The passport and visa details have been saved."))
            return redirect("cooperation:trainee_detail", pk=pk)
    return render(request, "cooperation/passport_form.html", {"form": form, "trainee": trainee})
