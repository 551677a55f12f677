"""The counselling pages: a participant's or organisation's consultations, and those to answer.

Every page answers 404 to anyone who neither asks nor answers consultations
(HQ staff, superusers, offices), and a consultation someone may not read
answers 404 like a missing one. Opening a consultation's page logs the reading.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from clair_portal.errors import show_refusals
from clair_portal.organisations.access import organisation_of
from jet.counselling import access, services
from jet.counselling import statistics as stats
from jet.counselling.forms import (
    AssignForm,
    CloseForm,
    ConsultationForm,
    MessageForm,
    RateForm,
    YearForm,
)
from jet.models import (
    Consultation,
    ConsultationMessage,
    ConsultationReading,
    CounsellingHours,
    PrefecturalAdvisor,
    SelfHelpPage,
)

PAGE_SIZE = 20


def who_asked(consultation: Consultation) -> str:
    """How staff see the person who asked: never a name when they asked anonymously."""
    separator = pgettext("list separator", ", ")
    where = separator.join(
        str(part)
        for part in (
            consultation.prefecture if consultation.prefecture_id else "",
            consultation.get_role_display(),
        )
        if part
    )
    if consultation.opener == Consultation.Opener.ORGANISATION:
        name = (
            str(consultation.organisation) if consultation.organisation_id else _("an organisation")
        )
        return _("%(name)s (%(where)s)") % {"name": name, "where": where} if where else name
    if consultation.anonymous or consultation.participant_id is None:
        return _("anonymous JET, %(where)s") % {"where": where} if where else _("anonymous JET")
    participant = consultation.participant
    name = f"{participant.full_name} ({participant.jet_number})"
    return _("%(name)s, %(where)s") % {"name": name, "where": where} if where else name


def shows_demo(user) -> bool:
    """Demo accounts see the demo records (jet.counselling.demo): their pages say so."""
    return bool(getattr(user, "is_demo", False))


@login_required
def counselling(request):
    """The person's own consultations, and (for counsellors, PAs, the lead) those to answer.

    Queries: the roles, the participant record, the organisation, the PA posts,
    then a count and a page per list (with prefecture and assignee joined).
    """
    access.require_counselling(request.user)
    user = request.user
    context = {
        "may_ask": access.may_ask(user),
        "staff": access.is_staff_side(user),
        "is_demo": shows_demo(user),
    }
    if context["may_ask"]:
        own = (
            Consultation.objects.filter(access.own(user))
            .with_related()
            .order_by("state", "-created_at", "-pk")
        )
        context["own_page"] = Paginator(own, PAGE_SIZE).get_page(request.GET.get("mine"))
        prefecture = services.asker_prefecture(user)
        context["advisors"] = (
            list(PrefecturalAdvisor.objects.active().filter(prefecture_id=prefecture))
            if prefecture
            else []
        )
        context["hours"] = list(CounsellingHours.objects.all())
        context["help_pages"] = list(SelfHelpPage.objects.only("topic", "title_en", "title_ja"))
    if context["staff"]:
        queue = (
            Consultation.objects.filter(access.answered(user))
            .with_related()
            .select_related("participant")
            .order_by("state", "-urgency", "-awaiting_staff", "-created_at", "-pk")
        )
        page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
        for consultation in page.object_list:
            consultation.who_asked = who_asked(consultation)
        context["page"] = page
        context["is_lead"] = access.is_lead(user)
    return render(request, "jet/counselling/list.html", context)


@login_required
def self_help(request, topic):
    """A short help page for one topic, for whoever uses the counselling pages."""
    access.require_counselling(request.user)
    page = get_object_or_404(SelfHelpPage, topic=topic)
    return render(
        request,
        "jet/counselling/self_help.html",
        {
            "page": page,
            "others": SelfHelpPage.objects.exclude(pk=page.pk),
            "may_ask": access.may_ask(request.user),
            "is_demo": shows_demo(request.user),
        },
    )


@login_required
def new_consultation(request):
    if not access.may_ask(request.user):
        raise Http404("No such page.")
    for_participant = access.participant_of(request.user) is not None
    form = ConsultationForm(
        request.POST if request.method == "POST" else None, for_participant=for_participant
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with show_refusals(request, form=form):
                consultation = services.open_consultation(request.user, **form.cleaned_data)
                messages.success(
                    request,
                    _("Your consultation has been sent. You will be told when there is an answer."),
                )
                return redirect("jet:consultation", consultation_id=consultation.pk)
        status = 400
    context = {
        "form": form,
        "for_participant": for_participant,
        "organisation": None if for_participant else organisation_of(request.user),
    }
    return render(request, "jet/counselling/new.html", context, status=status)


def _thread(consultation):
    return list(
        ConsultationMessage.objects.filter(consultation=consultation).select_related("author")
    )


@login_required
def consultation(request, consultation_id):
    """One consultation's thread and what the reader may do with it; POST adds a message."""
    user = request.user
    item = access.get_consultation_for_user(user, consultation_id)
    opener_side = access.is_opener_side(user, item)
    form = MessageForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            # A closed consultation shows no form: its refusal is a page message.
            with show_refusals(request, form=form if item.is_open else None):
                services.post_message(user, item.pk, form.cleaned_data["body"])
                messages.success(request, _("Your message has been sent."))
                return redirect("jet:consultation", consultation_id=item.pk)
        status = 400
    services.record_reading(user, item)
    is_lead = access.is_lead(user) and not opener_side
    context = {
        "consultation": item,
        "thread": _thread(item),
        "opener_side": opener_side,
        "who_asked": None if opener_side else who_asked(item),
        "form": form if item.is_open else None,
        "close_form": CloseForm() if item.is_open and not opener_side else None,
        "rate_form": RateForm()
        if opener_side and not item.is_open and item.rating is None
        else None,
        "may_take": not opener_side and item.is_open and item.assigned_to_id is None,
        "is_lead": is_lead,
        "is_demo": shows_demo(user),
    }
    if is_lead:
        context["assign_form"] = AssignForm(people=services.answerers(item))
        context["readings"] = list(
            ConsultationReading.objects.filter(consultation=item).select_related("reader")[:200]
        )
    return render(request, "jet/counselling/consultation.html", context, status=status)


def _back(consultation_id):
    return redirect("jet:consultation", consultation_id=consultation_id)


@login_required
@require_POST
def take_consultation(request, consultation_id):
    item = access.get_consultation_for_user(request.user, consultation_id)
    with show_refusals(request):
        services.take(request.user, item.pk)
        messages.success(request, _("The consultation is yours; it has been acknowledged."))
    return _back(item.pk)


@login_required
@require_POST
def assign_consultation(request, consultation_id):
    item = access.get_consultation_for_user(request.user, consultation_id)
    if not access.is_lead(request.user):
        raise Http404("No such page.")
    form = AssignForm(request.POST, people=services.answerers(item))
    if not form.is_valid():
        messages.error(request, form.errors["counsellor"][0])
        return _back(item.pk)
    with show_refusals(request):
        services.assign(request.user, item.pk, form.cleaned_data["counsellor"])
        messages.success(request, _("The consultation has been assigned."))
    return _back(item.pk)


@login_required
@require_POST
def close_consultation(request, consultation_id):
    item = access.get_consultation_for_user(request.user, consultation_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["outcome"][0])
        return _back(item.pk)
    with show_refusals(request):
        services.close(request.user, item.pk, form.cleaned_data["outcome"])
        messages.success(request, _("The consultation has been closed."))
    return _back(item.pk)


@login_required
@require_POST
def rate_consultation(request, consultation_id):
    item = access.get_consultation_for_user(request.user, consultation_id)
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["rating"][0])
        return _back(item.pk)
    with show_refusals(request):
        services.rate(request.user, item.pk, form.cleaned_data["rating"])
        messages.success(request, _("Thank you for your rating."))
    return _back(item.pk)


@login_required
def counselling_statistics(request):
    """The counselling lead's figures: every count under 5 hidden."""
    if not access.is_lead(request.user):
        raise Http404("No such page.")
    form = YearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    tables = [
        (_("Consultations per month"), _("Month"), stats.by_month(year)),
        (_("Consultations per topic"), _("Topic"), stats.by_topic(year)),
        (_("Consultations per prefecture"), _("Prefecture"), stats.by_prefecture(year)),
        (_("Consultations per role"), _("Role"), stats.by_role(year)),
        (_("Time to first answer"), _("First answered"), stats.by_time_to_first_answer(year)),
    ]
    return render(
        request,
        "jet/counselling/statistics.html",
        {"form": form, "year": year, "tables": tables, "threshold": stats.THRESHOLD},
    )


@login_required
def readings(request):
    """The lead's audit: every reading of every consultation, latest first, paged.

    Queries: the roles, the count and the page (with reader and consultation joined).
    """
    if not access.is_lead(request.user):
        raise Http404("No such page.")
    rows = ConsultationReading.objects.select_related("reader", "consultation").order_by(
        "-read_at", "-pk"
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "jet/counselling/readings.html",
        {"page": page, "is_demo": shows_demo(request.user)},
    )
