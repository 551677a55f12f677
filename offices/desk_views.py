"""The desk's pages: a local government's requests for help, and the office's queue.

Views are thin: they read through ``offices.services.desk``'s access helpers (someone
else's request answers 404, like a missing one) and change a request only through its
services, showing a ``DeskError``'s message when a step is refused.
"""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal import icalendar
from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.organisations.access import organisation_of, require_organisation
from clair_portal.security.uploads import attachment_response
from offices import desk_calendar
from offices.desk_forms import (
    AcceptForm,
    AnswerForm,
    AskForm,
    AssignForm,
    CompleteForm,
    DeclineForm,
    MeetingForm,
    RateForm,
    RequestForm,
)
from offices.models import AssistanceRequest, RequestKind
from offices.services import desk

PAGE_SIZE = 25
State = AssistanceRequest.State
JAPAN = ZoneInfo("Asia/Tokyo")


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# --- The local government's pages ---------------------------------------------------


@login_required
def request_list(request):
    """The organisation's requests, newest first. Two queries for the rows: the count
    and the page, each request with its office."""
    if organisation_of(request.user) is None and desk.desk_of(request.user) is not None:
        return redirect("offices:desk")
    organisation = require_organisation(request.user)
    state = request.GET.get("state", "")
    rows = desk.requests_of(organisation)
    if state in State.values:
        rows = rows.filter(state=state)
    page = _page(request, rows)
    return render(
        request,
        "offices/desk/request_list.html",
        {
            "page": page,
            "organisation": organisation,
            "states": State.choices,
            "state": state if state in State.values else "",
            "shows_demo": any(r.is_demo for r in page),
        },
    )


@login_required
def request_new(request):
    """A new request, saved as a draft; the officer then checks the answers and sends it."""
    require_organisation(request.user)
    form = RequestForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with show_refusals(request, form=form):
                created = desk.create_request(
                    request.user, form.model_data(), form.cleaned_data["attachments"]
                )
                return redirect("offices:request-check", pk=created.pk)
        status = 400
    return render(request, "offices/desk/request_form.html", {"form": form}, status=status)


@login_required
def request_edit(request, pk: int):
    """Change a draft's answers (back from the check page)."""
    assistance = desk.get_request_for_officer(request.user, pk)
    if not assistance.is_editable:
        return redirect("offices:request-detail", pk=pk)
    form = RequestForm(request.POST or None, request.FILES or None, instance=assistance)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with show_refusals(request, form=form):
                desk.change_request(
                    request.user, pk, form.model_data(), form.cleaned_data["attachments"]
                )
                return redirect("offices:request-check", pk=pk)
        status = 400
        assistance.refresh_from_db()
    return render(
        request,
        "offices/desk/request_form.html",
        {"form": form, "assistance": assistance, "attachments": assistance.attachments.all()},
        status=status,
    )


@login_required
def request_check(request, pk: int):
    """Check your answers: the draft as the office will read it, then sending it (POST)."""
    assistance = desk.get_request_for_officer(request.user, pk)
    if not assistance.is_editable:
        return redirect("offices:request-detail", pk=pk)
    status = 200
    if request.method == "POST":
        with show_refusals(request):
            sent = desk.submit_request(request.user, pk)
            messages.success(
                request,
                _("Your request has been sent to the %(office)s.") % {"office": sent.office.name},
            )
            return redirect("offices:request-detail", pk=pk)
        status = 400
    return render(
        request,
        "offices/desk/request_check.html",
        {
            "assistance": assistance,
            "office": desk.office_for(assistance.country),
            "attachments": assistance.attachments.all(),
            "shows_demo": assistance.is_demo,
        },
        status=status,
    )


@login_required
@require_POST
def request_answer(request, pk: int):
    assistance = desk.get_request_for_officer(request.user, pk)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        with show_refusals(request, form=form):
            desk.answer_information(
                request.user, pk, form.cleaned_data["answer"], form.cleaned_data["attachments"]
            )
            messages.success(request, _("Your answer has been sent to the office."))
            return redirect("offices:request-detail", pk=pk)
    return _detail(request, assistance, status=400, answer_form=form)


@login_required
@require_POST
def request_rate(request, pk: int):
    assistance = desk.get_request_for_officer(request.user, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            desk.rate_request(
                request.user, pk, form.cleaned_data["rating"], form.cleaned_data["comment"]
            )
            messages.success(request, _("Thank you: your rating has been recorded."))
            return redirect("offices:request-detail", pk=pk)
    return _detail(request, assistance, status=400, rate_form=form)


@login_required
@require_POST
def request_attachment_remove(request, pk: int, attachment_id: int):
    desk.get_request_for_officer(request.user, pk)
    with show_refusals(request):
        desk.remove_attachment(request.user, pk, attachment_id)
        messages.success(request, _("The file has been removed."))
    return redirect("offices:request-edit", pk=pk)


@login_required
def request_attachment(request, pk: int, attachment_id: int):
    """A file, to the request's local government, its office and HQ only; else 404."""
    attachment = desk.get_attachment_for_user(request.user, pk, attachment_id)
    return attachment_response(
        attachment.file.open("rb"), attachment.filename, attachment.content_type
    )


# --- One request, for both sides -------------------------------------------------------


@login_required
def request_detail(request, pk: int):
    """The request, its files, meetings and history, and what the viewer can do next."""
    return _detail(request, desk.get_request_for_user(request.user, pk))


def _detail(request, assistance, status=200, **bound):
    user = request.user
    desk_office = desk.desk_of(user)
    answers = desk_office is not None and assistance.office_id == desk_office.pk
    asks = organisation_of(user) is not None and assistance.organisation_id == (
        organisation_of(user).pk
    )
    zone = assistance.office.timezone if assistance.office else JAPAN
    context = {
        "assistance": assistance,
        "attachments": list(assistance.attachments.all()),
        "meetings": list(assistance.meetings.all()),
        "events": list(assistance.events.select_related("actor")),
        "answers": answers,
        "asks": asks,
        "office_zone": zone,
        "japan": JAPAN,
        "shows_demo": assistance.is_demo,
        "time_left": desk.time_left(assistance),
    }
    if asks:
        context["answer_form"] = bound.get("answer_form") or AnswerForm()
        context["rate_form"] = bound.get("rate_form") or RateForm()
    if answers:
        context.update(
            accept_form=bound.get("accept_form") or AcceptForm(),
            decline_form=bound.get("decline_form") or DeclineForm(),
            ask_form=bound.get("ask_form") or AskForm(),
            assign_form=bound.get("assign_form")
            or AssignForm(
                staff=desk.desk_staff(assistance.office),
                me=user,
                initial={"assignee": assistance.assigned_to_id},
            ),
            meeting_form=bound.get("meeting_form") or MeetingForm(zone=zone),
            complete_form=bound.get("complete_form") or CompleteForm(),
        )
    return render(request, "offices/desk/request_detail.html", context, status=status)


# --- The office's desk ------------------------------------------------------------------


@login_required
def desk_queue(request):
    """The desk's requests, what needs it first. Two queries for the rows: the count and
    the page, each with its local government, office and assignee."""
    office = desk.require_desk(request.user)
    state = request.GET.get("state", "")
    rows = desk.queue_of(office)
    if state in State.values and state != State.DRAFT:
        rows = rows.filter(state=state)
    elif state == "overdue":
        rows = rows.overdue()
    elif state == "mine":
        rows = rows.filter(assigned_to=request.user)
    else:
        state = ""
    page = _page(request, rows)
    return render(
        request,
        "offices/desk/queue.html",
        {
            "office": office,
            "page": page,
            "state": state,
            "states": [(v, label) for v, label in State.choices if v != State.DRAFT],
            "overdue_count": desk.queue_of(office).overdue().count(),
            "sees_all": is_hq(request.user),
            "shows_demo": any(r.is_demo for r in page),
        },
    )


def _desk_step(request, pk: int, form_class, step, done: str, form_name: str, **form_kwargs):
    assistance = desk.get_request_for_desk(request.user, pk)
    form = form_class(request.POST, request.FILES or None, **form_kwargs)
    if form.is_valid():
        with show_refusals(request, form=form):
            step(assistance, form)
            messages.success(request, done)
            return redirect("offices:request-detail", pk=pk)
    return _detail(request, assistance, status=400, **{form_name: form})


@login_required
@require_POST
def desk_accept(request, pk: int):
    return _desk_step(
        request,
        pk,
        AcceptForm,
        lambda a, f: desk.accept_request(request.user, a.pk, f.cleaned_data["comment"]),
        _("The request is accepted; the local government has been told."),
        "accept_form",
    )


@login_required
@require_POST
def desk_decline(request, pk: int):
    return _desk_step(
        request,
        pk,
        DeclineForm,
        lambda a, f: desk.decline_request(request.user, a.pk, f.cleaned_data["reason"]),
        _("The request is declined; the local government has been told why."),
        "decline_form",
    )


@login_required
@require_POST
def desk_ask(request, pk: int):
    return _desk_step(
        request,
        pk,
        AskForm,
        lambda a, f: desk.ask_for_information(request.user, a.pk, f.cleaned_data["question"]),
        _("The question has been sent to the local government; the clock stops until it answers."),
        "ask_form",
    )


@login_required
@require_POST
def desk_assign(request, pk: int):
    assistance = desk.get_request_for_desk(request.user, pk)
    return _desk_step(
        request,
        pk,
        AssignForm,
        lambda a, f: desk.assign_request(request.user, a.pk, f.chosen()),
        _("The request has been assigned."),
        "assign_form",
        staff=desk.desk_staff(assistance.office),
        me=request.user,
    )


@login_required
@require_POST
def desk_meeting(request, pk: int):
    assistance = desk.get_request_for_desk(request.user, pk)
    return _desk_step(
        request,
        pk,
        MeetingForm,
        lambda a, f: desk.record_meeting(request.user, a.pk, **f.meeting_data()),
        _("The meeting has been recorded."),
        "meeting_form",
        zone=assistance.office.timezone,
    )


@login_required
@require_POST
def desk_complete(request, pk: int):
    return _desk_step(
        request,
        pk,
        CompleteForm,
        lambda a, f: desk.complete_request(
            request.user, a.pk, f.cleaned_data["summary"], f.cleaned_data["attachments"]
        ),
        _("The request is completed; the local government is asked to rate the help."),
        "complete_form",
    )


# --- The office's visits as a calendar ------------------------------------------------


@login_required
def desk_calendar_page(request):
    """The viewer's secret calendar address of their desk's visits, to copy or revoke."""
    office = desk.require_desk(request.user)
    feed = desk_calendar.feed_for(request.user, office)
    return render(
        request,
        "offices/desk/calendar.html",
        {
            "office": office,
            "feed": feed,
            "feed_url": request.build_absolute_uri(desk_calendar.feed_path(feed)),
        },
    )


@login_required
@require_POST
def desk_calendar_revoke(request):
    office = desk.require_desk(request.user)
    desk_calendar.revoke(request.user, office)
    messages.success(
        request,
        _("The old calendar address no longer works. Subscribe again with the new one."),
    )
    return redirect("offices:desk-calendar")


def desk_calendar_feed(request, token: str):
    """The office's visits and meetings as iCalendar; the unguessable token is the credential."""
    feed = desk_calendar.get_feed(token)
    if feed is None:
        raise Http404("Unknown calendar address.")
    text = icalendar.calendar_text(
        *desk_calendar.calendar_of(feed.office, feed.user.language or "ja")
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{feed.office.code}-visits.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- HQ's view ---------------------------------------------------------------------------


@login_required
def desk_overview(request):
    """Requests per office and kind, times to first answer and to completion, ratings and
    what is overdue: the figures in two queries, the overdue list in two (count, page)."""
    from offices import desk_overview as overview
    from offices.desk_forms import OverviewForm
    from offices.services import require_hq

    require_hq(request.user)
    form = OverviewForm(request.GET or None)
    year = overview.current_fiscal_year()
    status = 200
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["fiscal_year"]
        else:
            status = 400
    else:
        form = OverviewForm(initial={"fiscal_year": year})
    rows = overview.figures(year)
    kinds = [(key, capfirst(label)) for key, label in RequestKind.choices]
    return render(
        request,
        "offices/desk/overview.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "kinds": kinds,
            "chart_rows": [(row.office.name, row.kinds) for row in rows],
            "overdue": _page(request, overview.overdue_now()),
        },
        status=status,
    )
