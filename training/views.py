from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.organisations.access import organisation_of
from clair_portal.security.ratelimit import limit_reads
from clair_portal.security.uploads import attachment_response
from training import abroad, certificates, forms, services, statistics
from training.models import Application, Course

PAGE_SIZE = 25


def _states_first(*states):
    """An ordering expression putting ``states`` first, in the order named."""
    return Case(
        *(When(state=state, then=Value(i)) for i, state in enumerate(states)),
        default=Value(len(states)),
        output_field=IntegerField(),
    )


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Public -------------------------------------------------------------------------


@limit_reads
def index(request):
    """Every published course and seminar, the next first; filtered by provider and audience."""
    form = forms.CourseFilterForm(request.GET or None)
    courses = Course.objects.published()
    past = False
    if form.is_valid():
        if form.cleaned_data["provider"]:
            courses = courses.filter(provider=form.cleaned_data["provider"])
        if form.cleaned_data["audience"]:
            courses = courses.filter(audience=form.cleaned_data["audience"])
        past = form.cleaned_data["past"]
    if not past:
        courses = courses.filter(ends_on__gte=timezone.localdate())
    page = _page(request, courses.order_by("starts_on", "pk"))
    return render(
        request,
        "training/index.html",
        {
            "form": form,
            "page": page,
            "now": timezone.now(),
            "shows_demo": any(c.is_demo for c in page.object_list),
            "officer": organisation_of(request.user) is not None,
            "approver": services.is_approver(request.user),
            "hq": is_hq(request.user),
            "office": abroad.office_of(request.user) is not None,
        },
    )


@limit_reads
def course(request, pk):
    """A course's page: what, when, where, for whom; how to apply; the officer's own applications."""
    course = services.get_course(pk, user=request.user)
    own = []
    if organisation_of(request.user) is not None:
        own = list(services.visible_applications(request.user).filter(course=course).with_related())
    counts = None
    if is_hq(request.user) and not course.for_abroad:
        counts = course.applications.aggregate(
            selected=Count("pk", filter=Q(state=Application.State.SELECTED)),
            waiting=Count("pk", filter=Q(state=Application.State.WAITING)),
            endorsed=Count("pk", filter=Q(state=Application.State.ENDORSED)),
        )
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "is_open": course.is_open(),
            "officer": organisation_of(request.user) is not None,
            "own": own,
            "counts": counts,
            "programme": list(course.programme.all()) if course.for_abroad else [],
            "hq": is_hq(request.user),
            "shows_demo": course.is_demo,
        },
    )


# --- Officers ------------------------------------------------------------------------


@login_required
def apply(request, pk):
    organisation = services.require_officer(request.user)
    course = services.get_course(pk)
    form = forms.ApplyForm(request.POST or None, user=request.user, organisation=organisation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with show_refusals(request, form=form):
                application = services.apply(
                    request.user,
                    course.pk,
                    applicant=form.cleaned_data["applicant"].user,
                    motivation=form.cleaned_data["motivation"],
                )
                if application.state == Application.State.ENDORSED:
                    messages.success(request, _("The application has been sent to CLAIR."))
                else:
                    messages.success(
                        request, _("The application has been sent to your organisation's approver.")
                    )
                return redirect("training:application", pk=application.pk)
    return render(request, "training/apply.html", {"course": course, "form": form}, status=status)


@login_required
def applications(request):
    """The officer's applications (an approver: the organisation's), those to answer first."""
    services.require_officer(request.user)
    rows = (
        services.visible_applications(request.user)
        .with_related()
        .order_by(
            # Those waiting for the approver first, then the newest.
            _states_first(Application.State.PENDING),
            "-created_at",
            "-pk",
        )
    )
    return render(
        request,
        "training/applications.html",
        {"page": _page(request, rows), "approver": services.is_approver(request.user)},
    )


def _application_page(request, application, *, status=200, **forms_):
    user = request.user
    context = {
        "application": application,
        "can_endorse": services.is_approver(user)
        and application.state == Application.State.PENDING
        and application.organisation_id == getattr(organisation_of(user), "pk", None),
        "can_withdraw": application.is_live
        and user.pk in (application.applicant_id, application.nominated_by_id),
        "can_decide": is_hq(user) and application.state in Application.DECIDABLE,
        "endorse_form": forms_.get("endorse_form") or forms.EndorseForm(),
        "decision_form": forms_.get("decision_form") or forms.DecisionForm(),
    }
    return render(request, "training/application.html", context, status=status)


@login_required
def application(request, pk):
    return _application_page(request, services.get_application_for_user(request.user, pk))


@login_required
@require_POST
def endorse(request, pk):
    application = services.get_application_for_user(request.user, pk)
    if not services.is_approver(request.user):
        raise Http404("Not an approver.")
    form = forms.EndorseForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            services.endorse(
                request.user,
                pk,
                endorsed=form.cleaned_data["outcome"] == form.ENDORSE,
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Your answer has been recorded and the applicant told."))
            return redirect("training:application", pk=pk)
    return _application_page(request, application, status=400, endorse_form=form)


@login_required
@require_POST
def withdraw(request, pk):
    with show_refusals(request):
        services.withdraw(request.user, pk)
        messages.success(request, _("The application has been withdrawn."))
    return redirect("training:application", pk=pk)


# --- HQ ------------------------------------------------------------------------------


@login_required
def course_applications(request, pk):
    """HQ: a course's applications, those waiting for CLAIR first, the waiting list in order."""
    services.require_hq(request.user)
    course = services.get_course(pk, user=request.user)
    rows = course.applications.with_related().order_by(
        _states_first(
            Application.State.ENDORSED, Application.State.SELECTED, Application.State.WAITING
        ),
        "waiting_since",
        "created_at",
        "pk",
    )
    return render(
        request,
        "training/course_applications.html",
        {
            "course": course,
            "page": _page(request, rows),
            "places_left": services.places_left(course),
        },
    )


@login_required
def decisions(request):
    """HQ: endorsed applications waiting for CLAIR, on every course, the oldest first."""
    services.require_hq(request.user)
    rows = (
        Application.objects.filter(state=Application.State.ENDORSED)
        .with_related()
        .order_by("course__starts_on", "endorsed_at", "pk")
    )
    return render(request, "training/decisions.html", {"page": _page(request, rows)})


def apply_decision(request, form, pk, *, select, decline, selected) -> None:
    """HQ's ``DecisionForm`` for either kind of application: select (a place, or the
    waiting list when the course is full) or decline, and say which happened."""
    comment = form.cleaned_data["comment"]
    if form.cleaned_data["outcome"] == form.SELECT:
        if select(request.user, pk, comment=comment).state == selected:
            messages.success(request, _("The applicant has been selected and told."))
        else:
            messages.success(
                request,
                _("The course is full: the applicant is on the waiting list and has been told."),
            )
    else:
        decline(request.user, pk, comment=comment)
        messages.success(
            request, pgettext("training", "The decision has been recorded and the applicant told.")
        )


@login_required
@require_POST
def decide(request, pk):
    services.require_hq(request.user)
    application = services.get_application_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            apply_decision(
                request,
                form,
                pk,
                select=services.select,
                decline=services.decline,
                selected=Application.State.SELECTED,
            )
            return redirect("training:application", pk=pk)
    return _application_page(request, application, status=400, decision_form=form)


# --- Attendance and certificates ---------------------------------------------------------


@login_required
def attendance(request, pk):
    """HQ: who attended, and the certificates the batch job makes for them."""
    services.require_hq(request.user)
    course = services.get_course(pk, user=request.user)
    rows = list(certificates.participants(course))
    form = forms.AttendanceForm(request.POST or None, participants=rows)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            with show_refusals(request, form=form):
                count = certificates.record_attendance(
                    request.user, course.pk, set(form.cleaned_data["attended"])
                )
                messages.success(
                    request,
                    ngettext(
                        "Attendance recorded: %(n)d participant attended.",
                        "Attendance recorded: %(n)d participants attended.",
                        count,
                    )
                    % {"n": count},
                )
                return redirect("training:attendance", pk=course.pk)
    return render(
        request,
        "training/attendance.html",
        {"course": course, "form": form, "rows": rows},
        status=status,
    )


@login_required
@require_POST
def make_certificates(request, pk):
    services.require_hq(request.user)
    course = services.get_course(pk, user=request.user)
    with show_refusals(request):
        due = certificates.request_certificates(request.user, course.pk)
        messages.success(
            request,
            ngettext(
                "%(n)d certificate is being made; it appears here when ready.",
                "%(n)d certificates are being made; they appear here when ready.",
                due,
            )
            % {"n": due},
        )
    return redirect("training:attendance", pk=course.pk)


@login_required
def certificate(request, pk):
    """An officer's certificate: for the applicant, their colleagues who may read the
    application, and HQ."""
    application = certificates.get_certificate_for_user(request.user, pk)
    return attachment_response(
        application.certificate.open("rb"),
        f"certificate-{application.course_id}-{application.pk}.pdf",
        "application/pdf",
    )


@login_required
def overseas_certificate(request, pk):
    """HQ: a seminar participant's certificate."""
    services.require_hq(request.user)
    application = abroad.get_for_user(request.user, pk)
    if not application.certificate:
        raise Http404("No certificate yet.")
    return attachment_response(
        application.certificate.open("rb"),
        f"certificate-{application.course_id}-{application.pk}.pdf",
        "application/pdf",
    )


# --- Records and figures -------------------------------------------------------------------


@login_required
def history(request):
    """The signed-in officer's own courses (every state, attendance, certificates) and
    subsidy claims."""
    services.require_officer(request.user)
    return render(request, "training/history.html", statistics.history(request.user))


@login_required
def figures(request):
    """HQ: officers' participation by prefecture (the map), by course and by fiscal year."""
    services.require_hq(request.user)
    form = forms.FiguresForm(request.GET or None)
    year = course = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        course = form.cleaned_data["course"]
    rows = statistics.participations(fiscal_year=year, course=course)
    return render(
        request,
        "training/figures.html",
        {
            "form": form,
            "by_prefecture": statistics.by_prefecture(rows),
            "by_course": statistics.by_course(rows),
            "by_year": statistics.by_year(statistics.participations(course=course)),
        },
    )
