"""Pages of partner-seeking requests (public list, submission, confirmation, renewal,
inquiries, moderation), excellent exchange projects, exchange events and the
partnership survey."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clair_portal import icalendar
from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq
from clair_portal.errors import show_refusals
from clair_portal.languages import staff_language
from clair_portal.organisations.access import organisation_of
from clair_portal.security.ratelimit import limit_reads
from clair_portal.security.uploads import attachment_response
from sistercities import matching, partnering, queries, surveys
from sistercities.forms_partners import (
    InquiryForm,
    PartnerRequestForm,
    ProjectFilterForm,
    RejectForm,
    RequestFilterForm,
    survey_forms,
)
from sistercities.models import (
    EventSeries,
    ExchangeEvent,
    ExchangeProject,
    PartnerRequest,
    PartnershipContact,
    PartnershipSurvey,
    ProjectImage,
    RequestImage,
)

PAGE_SIZE = 20
ICS_PRODID = "-//CLAIR//CLAIR Portal exchange events//EN"


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Partner-seeking requests, public -------------------------------------------------


@limit_reads
def request_list(request):
    """Published requests with filters. Two queries: the count and the page (with each
    Japanese requester's prefecture)."""
    form = RequestFilterForm(request.GET)
    requests = PartnerRequest.objects.published()
    status = 200
    if form.is_valid():
        requests = form.filter(requests)
    else:
        status = 400
        requests = requests.none()
    page = _page(request, requests)
    return render(
        request,
        "sistercities/partners/request_list.html",
        {
            "form": form,
            "page": page,
            "shows_demo": any(r.is_demo for r in page),
            "may_moderate": _may_moderate(request.user),
        },
        status=status,
    )


def _published(pk: int) -> PartnerRequest:
    return get_object_or_404(PartnerRequest.objects.published().with_images(), pk=pk)


@limit_reads
def request_detail(request, pk: int):
    """A published request, its suggested matches and the inquiry form."""
    partner_request = _published(pk)
    form = InquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        partnering.send_inquiry(partner_request, data)
        messages.success(
            request,
            _("Your message was sent. The contact person will answer you by e-mail."),
        )
        return redirect("sistercities:request_detail", pk=pk)
    return render(
        request,
        "sistercities/partners/request_detail.html",
        {
            "partner_request": partner_request,
            "form": form,
            "matches": matching.suggest_all(partner_request),
            "shows_demo": partner_request.is_demo,
        },
        status=400 if form.errors else 200,
    )


def request_image(request, pk: int, image_pk: int):
    """An image of a published request, or of one the viewer moderates or whose
    organisation made it."""
    image = get_object_or_404(RequestImage, pk=image_pk, request_id=pk)
    visible = PartnerRequest.objects.published().filter(pk=pk).exists()
    if not visible and request.user.is_authenticated:
        visible = PartnerRequest.objects.for_moderator(request.user).filter(pk=pk).exists()
    if not visible and (organisation := organisation_of(request.user)) is not None:
        visible = PartnerRequest.objects.filter(pk=pk, organisation=organisation).exists()
    if not visible:
        raise Http404
    return attachment_response(image.file.open("rb"), image.file.name, image.content_type)


# The public drafts this visitor made, by id, in their session: nobody else can open them.
DRAFTS = "partner_request_drafts"
DRAFTS_KEPT = 5


def request_submit(request):
    """The public form; a valid request is kept as a draft for the visitor to check."""
    form = PartnerRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        draft = partnering.save_draft(form.model_data(), form.images(), language=staff_language())
        request.session[DRAFTS] = [*request.session.get(DRAFTS, [])[-(DRAFTS_KEPT - 1) :], draft.pk]
        return redirect("sistercities:request_check", pk=draft.pk)
    return _request_form(request, form)


def _request_form(request, form, draft=None):
    return render(
        request,
        "sistercities/partners/request_form.html",
        {"form": form, "draft": draft, "images": list(draft.images.all()) if draft else []},
        status=400 if form.errors else 200,
    )


def _visitors_draft(request, pk: int) -> PartnerRequest:
    """A public draft this visitor made in this session, else 404."""
    if pk not in request.session.get(DRAFTS, []):
        raise Http404
    return get_object_or_404(
        PartnerRequest.objects.select_related("local_government"),
        pk=pk,
        state=PartnerRequest.State.DRAFT,
        organisation=None,
    )


def request_edit(request, pk: int):
    """The draft's answers in the form again, to change any of them before sending."""
    draft = _visitors_draft(request, pk)
    form = PartnerRequestForm(request.POST or None, request.FILES or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        partnering.save_draft(
            form.model_data(), form.images(), language=staff_language(), draft=draft
        )
        return redirect("sistercities:request_check", pk=draft.pk)
    return _request_form(request, form, draft)


def request_check(request, pk: int):
    """Check your answers: each with a link to change it; sending asks for the e-mail link."""
    draft = _visitors_draft(request, pk)
    if request.method == "POST":
        partnering.send_request(draft.pk)
        request.session[DRAFTS] = [d for d in request.session.get(DRAFTS, []) if d != draft.pk]
        return redirect("sistercities:request_submitted")
    return render(
        request,
        "sistercities/partners/request_check.html",
        {
            "draft": draft,
            "form": PartnerRequestForm(instance=draft),
            "images": list(draft.images.all()),
        },
    )


def request_submitted(request):
    return render(request, "sistercities/partners/request_submitted.html")


def request_confirm(request, token: str):
    """The link in the confirmation e-mail: a page with a button, so that mail scanners
    following links confirm nothing."""
    partner_request = partnering.get_request_by_token(token)
    if request.method == "POST":
        partner_request = partnering.confirm_request(token)
    return render(
        request,
        "sistercities/partners/request_confirm.html",
        {"partner_request": partner_request},
    )


def request_renew(request, token: str):
    """The link in the renewal e-mail: a page with a button (mail scanners renew nothing).

    A listed request is extended; a lapsed one goes back to moderation. A link
    that can no longer renew says why and shows no button; once used, it is spent.
    """
    partner_request = None
    renewable = False
    status = 200
    try:
        partner_request = partnering.get_request_for_renewal(token)
        renewable = True
        if request.method == "POST":
            partner_request = partnering.renew_request(token)
            renewable = False
            if partner_request.state == PartnerRequest.State.PENDING:  # it had lapsed
                messages.success(
                    request,
                    _(
                        "Your request was sent back to moderation. It is listed again once a "
                        "moderator publishes it, and you will be told by e-mail."
                    ),
                )
            else:
                messages.success(request, _("Your request stays listed for another twelve months."))
    except partnering.PartneringError as error:
        messages.error(request, error.message)
        status = 400
    return render(
        request,
        "sistercities/partners/request_renew.html",
        {"partner_request": partner_request, "renewable": renewable},
        status=status,
    )


# --- Moderation -----------------------------------------------------------------------


def _may_moderate(user) -> bool:
    return is_hq(user) or has_role(user, OFFICE_STAFF)


def _moderator(user):
    if not _may_moderate(user):
        raise Http404


@login_required
def moderation_list(request):
    """Requests the viewer moderates, newest first. Two queries: count and page."""
    _moderator(request.user)
    requests = PartnerRequest.objects.for_moderator(request.user)
    state = request.GET.get("state", PartnerRequest.State.PENDING)
    if state in PartnerRequest.State.values:
        requests = requests.filter(state=state)
    page = _page(request, requests.order_by("-created_at", "-id"))
    return render(
        request,
        "sistercities/partners/moderation_list.html",
        {
            "page": page,
            "state": state,
            "states": [
                (value, label)
                for value, label in PartnerRequest.State.choices
                if value != PartnerRequest.State.UNCONFIRMED
            ],
            "shows_demo": any(r.is_demo for r in page),
            "is_hq": is_hq(request.user),
        },
    )


@login_required
def moderation_detail(request, pk: int):
    partner_request = partnering.get_request_for_moderator(request.user, pk)
    images = partner_request.images.order_by("position", "id")
    return render(
        request,
        "sistercities/partners/moderation_detail.html",
        {
            "partner_request": partner_request,
            "images": images,
            "inquiries": partner_request.inquiries.order_by("-created_at")[:100],
            "revision": partner_request.revisions.filter(state="pending").first(),
            "reject_form": RejectForm(),
            "shows_demo": partner_request.is_demo,
        },
    )


@login_required
@require_POST
def moderation_publish(request, pk: int):
    partner_request = partnering.get_request_for_moderator(request.user, pk)
    with show_refusals(request):
        partnering.publish_request(partner_request, by=request.user)
        messages.success(request, _("The request is published for twelve months."))
    return redirect("sistercities:moderation_detail", pk=pk)


@login_required
@require_POST
def moderation_reject(request, pk: int):
    partner_request = partnering.get_request_for_moderator(request.user, pk)
    form = RejectForm(request.POST)
    with show_refusals(request):
        note = form.cleaned_data["note"] if form.is_valid() else ""
        partnering.reject_request(partner_request, by=request.user, note=note)
        messages.success(request, _("The request is rejected and not listed."))
    return redirect("sistercities:moderation_detail", pk=pk)


# --- Excellent exchange projects ------------------------------------------------------


@limit_reads
def project_list(request):
    """Published case studies. Three queries: count, page with affiliation and partner,
    and the Japanese parties."""
    form = ProjectFilterForm(request.GET)
    projects = ExchangeProject.objects.public()
    status = 200
    if form.is_valid():
        projects = form.filter(projects)
    else:
        status = 400
        projects = projects.none()
    page = _page(request, projects)
    return render(
        request,
        "sistercities/projects/project_list.html",
        {
            "form": form,
            "page": page,
            "shows_demo": any(p.is_demo for p in page),
        },
        status=status,
    )


def project_detail(request, pk: int):
    project = get_object_or_404(
        ExchangeProject.objects.public().prefetch_related(
            Prefetch("images", queryset=ProjectImage.objects.order_by("id"))
        ),
        pk=pk,
    )
    return render(
        request,
        "sistercities/projects/project_detail.html",
        {"project": project, "shows_demo": project.is_demo},
    )


def project_image(request, pk: int, image_pk: int):
    image = get_object_or_404(ProjectImage, pk=image_pk, project_id=pk, project__is_published=True)
    return attachment_response(image.file.open("rb"), image.file.name, image.content_type)


# --- Exchange events ------------------------------------------------------------------


def event_list(request):
    """Upcoming events first, soonest first; then every series with its past editions.
    Two queries (series, then events with theirs)."""
    series = EventSeries.objects.prefetch_related(
        Prefetch("events", queryset=ExchangeEvent.objects.order_by("-year", "-month")),
        *EventSeries.prefetch_names(),
    )
    series = list(series)
    today = timezone.localdate()
    upcoming = sorted(
        (e for s in series for e in s.events.all() if e.is_upcoming(today)),
        key=lambda e: (e.starts_on or e.last_day(), e.pk),
    )
    past = [(s, [e for e in s.events.all() if not e.is_upcoming(today)]) for s in series]
    return render(
        request,
        "sistercities/events/event_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "shows_demo": any(e.is_demo for s in series for e in s.events.all()),
        },
    )


def event_ics(request, pk: int):
    """One event as an iCalendar file, for an event whose days are known (else 404)."""
    event = get_object_or_404(ExchangeEvent.objects.select_related("series"), pk=pk)
    if event.starts_on is None:
        raise Http404
    last = event.ends_on or event.starts_on
    entry = {
        "uid": f"exchange-event-{event.pk}",
        "start": event.starts_on,
        "end": last + timedelta(days=1),  # an all-day DTEND is the day after the last
        "summary": f"{event.series.local_name} {event.year}",
        "location": event.place,
        "description": event.description,
        "url": request.build_absolute_uri(reverse("sistercities:event_detail", args=[pk])),
    }
    text = icalendar.calendar_text(event.series.local_name, ICS_PRODID, [entry])
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def event_detail(request, pk: int):
    event = get_object_or_404(
        ExchangeEvent.objects.public().prefetch_related(*EventSeries.prefetch_names("series__")),
        pk=pk,
    )
    return render(
        request,
        "sistercities/events/event_detail.html",
        {"event": event, "shows_demo": event.is_demo},
    )


# --- The partnership survey -------------------------------------------------------------


def survey_form(request, token: str):
    """A local government's own survey form, by its personal link; answers may be changed
    until the survey closes."""
    invitation = surveys.get_open_invitation(token)
    return answer_survey(request, invitation, redirect("sistercities:survey_form", token=token))


def answer_survey(request, invitation, done):
    """The survey form of ``invitation``, shown and saved (``surveys.submit_answers``);
    ``done`` is where a saved answer goes. Both ways in use it: the personal link and
    the signed-in officer's page."""
    affiliations = list(surveys.affiliations_of(invitation))
    forms = survey_forms(affiliations, request.POST or None)
    status = 200
    if request.method == "POST":
        if all(form.is_valid() for _a, form in forms):
            answers = {affiliation.pk: form.cleaned_data for affiliation, form in forms}
            with show_refusals(request):
                surveys.submit_answers(invitation, answers)
                messages.success(
                    request,
                    _("Thank you: your answers are saved. You may change them until %(date)s.")
                    % {"date": date_format(invitation.survey.closes_on, "DATE_FORMAT")},
                )
                return done
        status = 400
    return render(
        request,
        "sistercities/survey/survey_form.html",
        {"invitation": invitation, "forms": forms},
        status=status,
    )


@login_required
def survey_dashboard(request):
    """HQ's response rate of a survey, by prefecture, with reminders and the report."""
    if not is_hq(request.user):
        raise Http404
    all_surveys = list(PartnershipSurvey.objects.all())
    chosen = next(
        (s for s in all_surveys if str(s.year) == request.GET.get("year")),
        all_surveys[0] if all_surveys else None,
    )
    if request.method == "POST" and chosen is not None:
        action = request.POST.get("action")
        if action == "report":
            from clair_portal.jobs.services import request_job

            request_job(request.user, "partnership-survey-xlsx", {"survey": chosen.pk})
            messages.success(request, _("The results report is being prepared."))
            return redirect("jobs:list")
        # Each step is a service that checks the survey's state and records who asked.
        with show_refusals(request):
            if action == "open":
                invited = surveys.open_survey(chosen, by=request.user)
                messages.success(
                    request,
                    ngettext(
                        "The survey is open: %(n)d local government is being sent its link.",
                        "The survey is open: %(n)d local governments are being sent their links.",
                        invited,
                    )
                    % {"n": invited},
                )
            elif action == "close":
                surveys.close_survey(chosen, by=request.user)
                messages.success(
                    request, _("The survey is closed; its links no longer open the form.")
                )
            elif action == "send":
                surveys.send_new_links(chosen, by=request.user)
                messages.success(request, _("Links are being sent to contacts that have none yet."))
            elif action == "remind":
                surveys.remind(chosen, by=request.user)
                messages.success(
                    request, _("Reminders are being sent to those who have not answered.")
                )
        return redirect(f"{reverse('sistercities:survey_dashboard')}?year={chosen.year}")
    rate = queries.survey_response_rate(chosen) if chosen else None
    # Nobody invited yet: say what to do first, and offer no sending to nobody.
    contacts = None
    if rate is not None and not rate["totals"]["invited"]:
        contacts = PartnershipContact.objects.exclude(email="").count()
    return render(
        request,
        "sistercities/survey/dashboard.html",
        {"surveys": all_surveys, "survey": chosen, "rate": rate, "contacts": contacts},
    )
