"""The participant portal (own published placement, reappointment, seminars, calendar) and HQ's statistics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.organisations.access import require_organisation
from jet import registrations, services
from jet import statistics as stats
from jet.calendar import calendar_text
from jet.forms import DecisionForm, OrganisationDecisionForm, StatisticsFilterForm
from jet.models import Placement, Reappointment

SEMINARS_PER_PAGE = 20
ORGANISATION_PAGE_SIZE = 25


def _portal_context(participant, placement):
    reappointment = getattr(placement, "reappointment", None) if placement else None
    answers = services.participant_answers(reappointment) if reappointment else []
    return {
        "participant": participant,
        "placement": placement,
        "reappointment": reappointment,
        "decision_form": DecisionForm(initial=_current_choice(reappointment))
        if reappointment
        else None,
        "earlier_answers": answers[:-1],
        "is_demo": participant.jet_number.startswith("DEMO-"),
    }


@login_required
def home(request):
    """The participant's own page: their latest published placement and what follows from it."""
    participant = services.get_participant_for_user(request.user)
    placement = services.current_placement(participant)
    context = _portal_context(participant, placement)
    context["seminars"] = list(services.seminars_for(placement)[:5])
    context["feed"] = services.feed_for(participant)
    return render(request, "jet/home.html", context)


@login_required
def placement(request, placement_id):
    """One of the participant's published placements (an earlier year, or a link from a notice)."""
    placement = services.get_placement_for_user(request.user, placement_id)
    participant = placement.participant
    return render(request, "jet/placement.html", _portal_context(participant, placement))


def _current_choice(reappointment) -> dict:
    choice = {
        Reappointment.Decision.CONSENTED: "consent",
        Reappointment.Decision.DECLINED: "decline",
    }.get(reappointment.participant_decision)
    return {"decision": choice} if choice else {}


@login_required
@require_POST
def decide_reappointment(request, reappointment_id):
    """The answer chosen on the home page, shown to check first; recorded once confirmed."""
    reappointment = services.get_reappointment_for_user(request.user, reappointment_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["decision"][0])
        return redirect("jet:home")
    decision = form.cleaned_data["decision"]
    if not request.POST.get("confirmed"):
        placement = reappointment.placement
        return render(
            request,
            "jet/reappointment_check.html",
            {
                "reappointment": reappointment,
                "placement": placement,
                "decision": decision,
                "consent": decision == "consent",
                "choice_label": dict(form.fields["decision"].choices)[decision],
                "answered": reappointment.participant_decision != Reappointment.Decision.PENDING,
                "is_demo": placement.participant.jet_number.startswith("DEMO-"),
            },
        )
    with show_refusals(request):
        services.decide_reappointment(request.user, reappointment.pk, consent=decision == "consent")
        messages.success(request, _("Thank you: your answer is recorded."))
    return redirect("jet:home")


@login_required
def seminars(request):
    """Every seminar that concerns the participant's current placement, paged."""
    participant = services.get_participant_for_user(request.user)
    placement = services.current_placement(participant)
    rows = registrations.with_registration(services.seminars_for(placement), participant)
    page = Paginator(rows, SEMINARS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "jet/seminars.html",
        {
            "participant": participant,
            "placement": placement,
            "page": page,
            "feed": services.feed_for(participant),
            "is_demo": participant.jet_number.startswith("DEMO-"),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def register_seminar(request, seminar_id):
    participant = services.get_participant_for_user(request.user)
    with show_refusals(request):
        registration = registrations.register(participant, seminar_id)
        if registration.state == registration.State.WAITING:
            messages.success(
                request,
                _("The seminar is full: you are number %(n)d on the waiting list.")
                % {"n": registrations.waiting_position(registration)},
            )
        else:
            messages.success(request, _("You are registered for the seminar."))
    return redirect("jet:seminars")


@login_required
@require_POST
def cancel_seminar(request, seminar_id):
    participant = services.get_participant_for_user(request.user)
    with show_refusals(request):
        registrations.cancel(participant, seminar_id)
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("jet:seminars")


@login_required
def seminar_calendar(request, seminar_id):
    """One seminar that concerns the participant, as an iCalendar file to import."""
    participant = services.get_participant_for_user(request.user)
    seminar = get_object_or_404(registrations.targeted(participant), pk=seminar_id)
    response = HttpResponse(calendar_text([seminar]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jet-seminar-{seminar.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_feed(request, token):
    """The participant's seminars as iCalendar; the unguessable token is the credential."""
    feed = services.get_feed(token)
    placement = services.current_placement(feed.participant)
    events = services.seminars_for(placement)
    response = HttpResponse(calendar_text(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jet-seminars.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def revoke_calendar_feed(request):
    participant = services.get_participant_for_user(request.user)
    services.revoke_feed(participant)
    messages.success(
        request,
        _(
            "Your calendar address was replaced. Subscribe again with the new one; the old one no longer works."
        ),
    )
    return redirect("jet:home")


@login_required
def statistics(request):
    """HQ's dashboard: participants by year, country, role and prefecture, with charts."""
    if not is_hq(request.user):
        raise Http404("No such page.")
    form = StatisticsFilterForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    by_prefecture = stats.by_prefecture(year)
    context = {
        "form": form,
        "year": year,
        "by_year": stats.by_year(),
        "by_country": stats.by_country(year),
        "by_role": stats.by_role(year),
        # The map of Japan, and whether there is anything to draw at all.
        "prefecture_map": {row["code"]: row["count"] for row in by_prefecture},
        "placed": sum(row["count"] for row in by_prefecture),
        "report_url": reverse("jobs:request", kwargs={"kind": "jet-participants-xlsx"}),
    }
    return render(request, "jet/statistics.html", context)


# --- The contracting organisation's pages (its officers; clair_portal.organisations) ----


def _shows_demo(participants) -> bool:
    return any(p.jet_number.startswith("DEMO-") for p in participants)


@login_required
def organisation_placements(request):
    """The participants the officer's organisation employs: their published placements, paged."""
    organisation = require_organisation(request.user)
    page = Paginator(Placement.objects.of_organisation(organisation), ORGANISATION_PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "jet/organisation/placements.html",
        {
            "organisation": organisation,
            "page": page,
            "is_demo": _shows_demo(p.participant for p in page.object_list),
        },
    )


@login_required
def organisation_reappointments(request):
    """The organisation's reappointments: those still waiting for its answer first."""
    organisation = require_organisation(request.user)
    waiting = Q(
        organisation_decision=Reappointment.Decision.PENDING, deadline__gte=timezone.localdate()
    )
    rows = (
        Reappointment.objects.of_organisation(organisation)
        .with_related()
        .annotate(
            waiting=Case(
                When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("waiting", "deadline", "pk")
    )
    page = Paginator(rows, ORGANISATION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "jet/organisation/reappointments.html",
        {
            "organisation": organisation,
            "page": page,
            "is_demo": _shows_demo(r.placement.participant for r in page.object_list),
        },
    )


@login_required
def organisation_reappointment(request, reappointment_id):
    """One reappointment, and the form the officer answers it with until the deadline."""
    reappointment = services.get_reappointment_for_organisation(request.user, reappointment_id)
    form = OrganisationDecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with show_refusals(request, form=form):
                services.answer_for_organisation(
                    request.user,
                    reappointment.pk,
                    consent=form.cleaned_data["decision"] == "consent",
                )
                messages.success(request, _("Thank you: the organisation's answer is recorded."))
                return redirect("jet:organisation_reappointments")
        status = 400
    return render(
        request,
        "jet/organisation/reappointment.html",
        {
            "organisation": require_organisation(request.user),
            "reappointment": reappointment,
            "placement": reappointment.placement,
            "form": form,
            "is_demo": _shows_demo([reappointment.placement.participant]),
        },
        status=status,
    )
