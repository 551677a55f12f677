"""A local government's own partner-seeking requests (made, changed, renewed, withdrawn,
their inquiries read), the moderators' decision on changes of published requests, and a
prefecture's view of its municipalities' survey answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq
from clair_portal.errors import show_refusals
from clair_portal.organisations.access import require_organisation
from sistercities import own_requests, prefecture
from sistercities.forms_organisation import DecisionForm, OwnRequestForm, SurveyStatusFilterForm
from sistercities.models import PartnerRequest, RequestRevision
from sistercities.proposals import government_of

PAGE_SIZE = 20
State = PartnerRequest.State


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def my_requests(request):
    """The organisation's requests. Two queries for the rows: the count and the page
    (each with its unread inquiries and whether a change waits)."""
    government_of(request.user)
    organisation = require_organisation(request.user)
    page = _page(request, own_requests.requests_of(organisation))
    return render(
        request,
        "sistercities/own/request_list.html",
        {"page": page, "shows_demo": any(r.is_demo for r in page)},
    )


@login_required
def my_request_new(request):
    """A new request with what the portal knows filled in; saved as a draft or sent."""
    government_of(request.user)
    form = OwnRequestForm(
        request.POST or None,
        request.FILES or None,
        initial=own_requests.prefill(request.user),
        with_images=True,
    )
    if request.method == "POST":
        if form.is_valid():
            submit = "send" in request.POST
            with show_refusals(request, form=form):
                created = own_requests.create_request(
                    request.user, form.model_data(), form.images(), submit=submit
                )
                messages.success(
                    request,
                    _("The request is sent to CLAIR, which checks it before it is listed.")
                    if submit
                    else _("The request is saved as a draft; send it to CLAIR when it is ready."),
                )
                return redirect("sistercities:my_request", pk=created.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "sistercities/own/request_form.html",
        {"form": form, "government": government_of(request.user)},
        status=status,
    )


@login_required
def my_request(request, pk: int):
    """One request of the organisation: its text, a change waiting, what can be done, and
    its inquiries (paged: the count and the page)."""
    partner_request = own_requests.get_request_for_officer(request.user, pk)
    inquiries = _page(request, own_requests.inquiries_of(partner_request))
    return render(
        request,
        "sistercities/own/request_detail.html",
        {
            "partner_request": partner_request,
            "revision": own_requests.pending_revision(partner_request),
            "last_decision": partner_request.revisions.exclude(
                state=RequestRevision.State.PENDING
            ).first(),
            "inquiries": inquiries,
            "images": partner_request.images.order_by("position", "id"),
            "may_renew": partner_request.state in (State.PUBLISHED, State.EXPIRED),
            "may_send": partner_request.state in own_requests.SENT_FOR_MODERATION_FROM,
            "shows_demo": partner_request.is_demo,
        },
    )


@login_required
def my_request_edit(request, pk: int):
    """Change the text: in place while not public; a published one waits for moderation."""
    partner_request = own_requests.get_request_for_officer(request.user, pk)
    revision = own_requests.pending_revision(partner_request)
    source = revision.as_request() if revision else partner_request
    form = OwnRequestForm(request.POST or None, initial=OwnRequestForm.initial_of(source))
    if request.method == "POST":
        if form.is_valid():
            with show_refusals(request, form=form):
                result = own_requests.change_request(request.user, pk, form.model_data())
                messages.success(
                    request,
                    _(
                        "The change is sent to CLAIR. The published text stays up until "
                        "CLAIR accepts it."
                    )
                    if isinstance(result, RequestRevision)
                    else _("The request is saved."),
                )
                return redirect("sistercities:my_request", pk=pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "sistercities/own/request_form.html",
        {"form": form, "partner_request": partner_request},
        status=status,
    )


def _step(request, pk: int, service, done: str):
    with show_refusals(request):
        service(request.user, pk)
        messages.success(request, done)
    return redirect("sistercities:my_request", pk=pk)


@login_required
@require_POST
def my_request_send(request, pk: int):
    own_requests.get_request_for_officer(request.user, pk)
    return _step(
        request,
        pk,
        own_requests.send_for_moderation,
        _("The request is sent to CLAIR, which checks it before it is listed."),
    )


@login_required
@require_POST
def my_request_renew(request, pk: int):
    own_requests.get_request_for_officer(request.user, pk)
    with show_refusals(request):
        renewed = own_requests.renew(request.user, pk)
        if renewed.state == State.PENDING:
            messages.success(
                request,
                _("The request goes back to CLAIR, which lists it again once it has checked it."),
            )
        else:
            messages.success(request, _("The request stays listed for another twelve months."))
    return redirect("sistercities:my_request", pk=pk)


@login_required
@require_POST
def my_request_withdraw(request, pk: int):
    own_requests.get_request_for_officer(request.user, pk)
    return _step(
        request,
        pk,
        own_requests.withdraw,
        _("The request is withdrawn: it is no longer listed."),
    )


@login_required
def my_inquiry(request, pk: int, inquiry_pk: int):
    """One inquiry, read: opening it records that the organisation has read it."""
    inquiry = own_requests.get_inquiry_for_officer(request.user, pk, inquiry_pk)
    own_requests.mark_read(inquiry)
    return render(
        request,
        "sistercities/own/inquiry.html",
        {"inquiry": inquiry, "partner_request": inquiry.request},
    )


# --- Moderators: changes of published requests ------------------------------------------


def _revisions(request, form, *, status=200):
    if not (is_hq(request.user) or has_role(request.user, OFFICE_STAFF)):
        raise Http404
    rows = (
        RequestRevision.objects.with_related()
        .pending()
        .filter(
            request__in=PartnerRequest.objects.for_moderator(request.user),
            request__state=State.PUBLISHED,
        )
        .order_by("created_at", "pk")
    )
    page = _page(request, rows)
    return render(
        request,
        "sistercities/own/revision_list.html",
        {"page": page, "form": form, "shows_demo": any(r.request.is_demo for r in page)},
        status=status,
    )


@login_required
def revision_list(request):
    """Changes of published requests waiting for the viewer, oldest first. Two queries
    for the rows: the count and the page with each request and its officer."""
    return _revisions(request, DecisionForm())


@login_required
@require_POST
def revision_decide(request, pk: int):
    """The moderator accepts a change (the new text is published) or declines it."""
    own_requests.get_revision_for_moderator(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _revisions(request, form, status=400)
    with show_refusals(request):
        if form.cleaned_data["decision"] == "accept":
            own_requests.accept_revision(pk, by=request.user)
            messages.success(request, _("The change is accepted and published."))
        else:
            own_requests.decline_revision(pk, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The change is declined; the officer is told why."))
    return redirect("sistercities:revision_list")


# --- A prefecture's municipalities -------------------------------------------------------


def _demo_contact(municipality) -> bool:
    contact = getattr(municipality, "partnership_contact", None)
    return contact is not None and contact.is_demo


@login_required
def prefecture_survey(request):
    """The prefecture's municipalities and their answer to a survey, to chase them.
    Three queries besides the layout's: the surveys, the count and the page (each
    municipality with its invitation and its survey contact); one more for the totals."""
    government = prefecture.require_prefecture(request.user)
    surveys = list(prefecture.surveys())
    form = SurveyStatusFilterForm(request.GET or None, years=[s.year for s in surveys])
    status = 200
    chosen, wanted = (surveys[0] if surveys else None), ""
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data.get("year")
            chosen = next((s for s in surveys if s.year == year), chosen)
            wanted = form.cleaned_data.get("status") or ""
        else:
            status = 400
    page = totals = None
    if chosen is not None and status == 200:
        page = _page(request, prefecture.municipalities(government, chosen, wanted))
        totals = prefecture.totals(government, chosen)
    return render(
        request,
        "sistercities/own/prefecture_survey.html",
        {
            "prefecture": government,
            "form": form,
            "survey": chosen,
            "page": page,
            "totals": totals,
            "shows_demo": page is not None and any(_demo_contact(m) for m in page),
        },
        status=status,
    )
