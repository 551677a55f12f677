"""The seminars for officials abroad: the public application and its confirmation, the
offices' and HQ's pages, and the selected participant's own page (by its link)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.languages import staff_language
from clair_portal.security.uploads import attachment_response
from training import abroad, forms
from training.models import OverseasApplication
from training.views import apply_decision

PAGE_SIZE = 25
State = OverseasApplication.State


def apply(request, pk):
    """The public form of a seminar: no account; the address is confirmed by a link."""
    course = abroad.get_seminar(pk)
    form = forms.OverseasApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            with show_refusals(request, form=form):
                abroad.submit(course.pk, data, language=staff_language())
                return redirect("training:seminar_sent", pk=course.pk)
    return render(
        request,
        "training/seminar_apply.html",
        {"course": course, "form": form, "is_open": course.is_open(), "shows_demo": course.is_demo},
        status=status,
    )


def sent(request, pk):
    course = abroad.get_seminar(pk)
    return render(request, "training/seminar_sent.html", {"course": course})


def confirm(request, token: str):
    """The link in the confirmation e-mail: a page with a button, so that mail scanners
    following links confirm nothing."""
    application = abroad.get_by_token(token)
    if request.method == "POST":
        application = abroad.confirm(token)
    return render(request, "training/seminar_confirm.html", {"application": application})


def participant(request, token: str):
    """The selected participant's programme and logistics checklist, by the link they got."""
    application = abroad.get_participant(token)
    return render(
        request,
        "training/participant.html",
        {
            "application": application,
            "programme": application.course.programme.all(),
            "tasks": application.tasks.all(),
        },
    )


@login_required
def applications(request):
    """An office's applications (HQ: all), those waiting for an answer first."""
    rows = abroad.visible_to(request.user)
    if not is_hq(request.user) and abroad.office_of(request.user) is None:
        raise Http404
    rows = rows.with_related().order_by("state", "-created_at", "-pk")
    state = request.GET.get("state")
    if state in State.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/overseas_applications.html",
        {"page": page, "states": State.choices[1:], "state": state},
    )


def _page(request, application, *, status=200, **forms_):
    user = request.user
    may_answer = application.state == State.AT_OFFICE and abroad.may_answer(user, application)
    context = {
        "application": application,
        "can_answer": may_answer,
        "can_decide": is_hq(user) and application.state in OverseasApplication.DECIDABLE,
        "can_cancel": is_hq(user) and application.state == State.SELECTED,
        "tasks": application.tasks.all() if is_hq(user) else [],
        "answer_form": forms_.get("answer_form") or forms.OfficeAnswerForm(),
        "decision_form": forms_.get("decision_form") or forms.DecisionForm(),
        "cancel_form": forms_.get("cancel_form") or forms.CancelForm(),
    }
    return render(request, "training/overseas_application.html", context, status=status)


@login_required
def application(request, pk):
    return _page(request, abroad.get_for_user(request.user, pk))


@login_required
@require_POST
def answer(request, pk):
    application = abroad.get_for_user(request.user, pk)
    if not abroad.may_answer(request.user, application):
        raise Http404("Not the responsible office.")
    form = forms.OfficeAnswerForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            abroad.endorse(
                request.user,
                pk,
                endorsed=form.cleaned_data["outcome"] == form.ENDORSE,
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Your answer has been recorded."))
            return redirect("training:overseas_application", pk=pk)
    return _page(request, application, status=400, answer_form=form)


@login_required
@require_POST
def decide(request, pk):
    abroad.require_hq(request.user)
    application = abroad.get_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            apply_decision(
                request,
                form,
                pk,
                select=abroad.select,
                decline=abroad.decline,
                selected=State.SELECTED,
            )
            return redirect("training:overseas_application", pk=pk)
    return _page(request, application, status=400, decision_form=form)


@login_required
@require_POST
def cancel(request, pk):
    abroad.require_hq(request.user)
    application = abroad.get_for_user(request.user, pk)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            abroad.cancel_place(request.user, pk, comment=form.cleaned_data["comment"])
            messages.success(request, _("The place has been cancelled and the participant told."))
            return redirect("training:overseas_application", pk=pk)
    return _page(request, application, status=400, cancel_form=form)


@login_required
@require_POST
def task_done(request, pk, task_id):
    abroad.require_hq(request.user)
    with show_refusals(request):
        abroad.mark_done(request.user, pk, task_id, done=request.POST.get("done") != "0")
        messages.success(request, _("The checklist has been updated."))
    return redirect("training:overseas_application", pk=pk)


def participant_certificate(request, token: str):
    """The participant's certificate, by the link they got when selected."""
    application = abroad.get_participant(token)
    if not application.certificate:
        raise Http404("No certificate yet.")
    return attachment_response(
        application.certificate.open("rb"),
        f"certificate-{application.course_id}-{application.pk}.pdf",
        "application/pdf",
    )
