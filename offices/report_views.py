"""Office reports: the office's own pages and HQ's review pages.

Views are thin: they read through the access helpers of ``offices.services``
(someone else's report answers 404, like a missing one) and change state only
by calling its services, showing a ``ReportError``'s message when a change is
refused.
"""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clair_portal import charts
from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.jobs.services import request_job
from clair_portal.security.uploads import attachment_response
from offices import periods, services
from offices.forms import (
    ConsolidatedForm,
    NewReportForm,
    RateForm,
    ReportForm,
    ReviewFilterForm,
    ReviewForm,
)
from offices.models import Publication, Report, ReportType

PAGE_SIZE = 25
# The office dashboard looks this far back for periods still to be filed.
DASHBOARD_MONTHS = 24


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- The office's own pages --------------------------------------------------


@login_required
def dashboard(request):
    """The office's reports: what is due and overdue, then every report by state."""
    if is_hq(request.user) and services.office_of(request.user) is None:
        return redirect("offices:report-review")
    office = services.require_office(request.user)
    now = timezone.now()
    today = timezone.localdate(now, office.timezone)
    first = periods.add_months(date(today.year, today.month, 1), -DASHBOARD_MONTHS)
    report_types = list(ReportType.objects.active().exclude(schedule=periods.AD_HOC).with_rules())
    existing = {
        (r.report_type_id, r.period_start): r
        for r in Report.objects.for_office(office)
        .filter(period_start__gte=first)
        .only("pk", "report_type_id", "period_start", "state", "first_submitted_at", "is_demo")
    }
    due, overdue = [], []
    for expected in services.expected_reports([office], report_types, first, today):
        report = existing.get((expected.report_type.pk, expected.period_start))
        if report is not None and report.first_submitted_at:
            continue
        (overdue if expected.due <= now else due).append((expected, report))
    due.sort(key=lambda pair: pair[0].due)
    overdue.sort(key=lambda pair: pair[0].due)
    counts = dict(
        Report.objects.for_office(office).values_list("state").annotate(n=Count("pk")).order_by()
    )
    state = request.GET.get("state", "")
    reports = Report.objects.for_office(office).listing()
    if state in Report.State.values:
        reports = reports.filter(state=state)
    page = _page(request, reports)
    shown = [r for _e, r in due + overdue if r] + list(page.object_list)
    return render(
        request,
        "offices/reports/dashboard.html",
        {
            "office": office,
            "due": due,
            "overdue": overdue,
            "states": [
                (value, label, counts.get(value, 0)) for value, label in Report.State.choices
            ],
            "state": state,
            "page": page,
            "now": now,
            "demo_records": any(r.is_demo for r in shown),
        },
    )


@login_required
def new_report(request):
    """Start the office's report for a period; a period off the schedule is refused."""
    services.require_office(request.user)
    form = NewReportForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form):
            report = services.create_report(
                request.user, form.cleaned_data["report_type"], form.cleaned_data["period_start"]
            )
            messages.success(request, _("The draft has been created."))
            return redirect("offices:report-edit", report_id=report.pk)
    return render(request, "offices/reports/new.html", {"form": form}, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
def edit_report(request, report_id):
    """Write a draft or returned report and attach files; save it, or save it and go on to
    check it before submitting (``check_report``)."""
    report = services.get_own_report(request.user, report_id)
    if not report.is_editable:
        messages.error(
            request,
            _("HQ has accepted this report; its period is locked.")
            if report.state == Report.State.ACCEPTED
            else _("This report has been submitted; it can be changed only if HQ returns it."),
        )
        return redirect("offices:report-detail", report_id=report.pk)
    initial = {"title": report.title, "body": report.body, "language": report.language}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with show_refusals(request, form=form):
            services.save_draft(
                request.user,
                report.pk,
                title=data["title"],
                body=data["body"],
                language=data["language"],
            )
            if data["attachment"]:
                services.add_attachment(request.user, report.pk, data["attachment"])
        if not form.errors and request.POST.get("action") == "check":
            return redirect("offices:report-check", report_id=report.pk)
        if not form.errors:
            messages.success(request, _("The draft has been saved."))
            return redirect("offices:report-edit", report_id=report.pk)
        if form.has_error("attachment"):
            messages.info(request, _("The text has been saved; the file was not attached."))
    report.refresh_from_db()
    return render(
        request,
        "offices/reports/edit.html",
        {
            "report": report,
            "form": form,
            "attachments": list(report.attachments.all()),
            "max_bytes": _max_bytes(),
        },
        status=_status(form),
    )


def _max_bytes():
    return settings.UPLOAD_MAX_BYTES


@login_required
@require_POST
def remove_attachment(request, report_id, attachment_id):
    with show_refusals(request):
        services.remove_attachment(request.user, report_id, attachment_id)
        messages.success(request, _("The attachment has been removed."))
        return redirect("offices:report-edit", report_id=report_id)
    return redirect("offices:report-detail", report_id=report_id)


@login_required
def check_report(request, report_id):
    """What HQ will receive, each part with a link to change it, and the button that submits."""
    report = services.get_own_report(request.user, report_id)
    if not report.is_editable:
        return redirect("offices:report-detail", report_id=report.pk)
    return render(
        request,
        "offices/reports/check.html",
        {
            "report": report,
            "attachments": list(report.attachments.all()),
            "complete": bool(report.title.strip() and report.body.strip()),
        },
    )


@login_required
@require_POST
def submit_report(request, report_id):
    """The check page's button; a refusal (no text, say) is shown on the check page again."""
    with show_refusals(request):
        services.submit_report(request.user, report_id)
        messages.success(request, _("The report has been submitted to HQ."))
        return redirect("offices:report-detail", report_id=report_id)
    return redirect("offices:report-check", report_id=report_id)


# --- Both sides ---------------------------------------------------------------


@login_required
def report_detail(request, report_id):
    """A report with its attachments and its history; HQ reviewers also get the review form."""
    report = services.get_report_for_user(request.user, report_id)
    reviewer = is_hq(request.user)
    publishable = reviewer and report.state == Report.State.ACCEPTED
    return render(
        request,
        "offices/reports/detail.html",
        {
            "report": report,
            "attachments": list(report.attachments.all()),
            "events": list(report.events.select_related("actor")),
            "reviewer": reviewer,
            "own_office": services.office_of(request.user) == report.office,
            "review_form": ReviewForm() if reviewer else None,
            "publishable": publishable,
            "publication": (
                Publication.objects.filter(source_report=report).first() if publishable else None
            ),
            "demo_records": report.is_demo,
        },
    )


@login_required
def report_history(request, report_id):
    """Every saved version of the report: who changed it, when, and to what state."""
    report = services.get_report_for_user(request.user, report_id)
    versions = report.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "offices/reports/history.html",
        {
            "report": report,
            "events": list(report.events.select_related("actor")),
            "page": _page(request, versions),
            "demo_records": report.is_demo,
        },
    )


@login_required
def download_attachment(request, report_id, attachment_id):
    """The file, to HQ or to the report's own office only; anyone else gets 404."""
    attachment = services.get_attachment_for_user(request.user, report_id, attachment_id)
    return attachment_response(
        attachment.file.open("rb"), attachment.filename, attachment.content_type
    )


# --- HQ's review ----------------------------------------------------------------


@login_required
def review_list(request):
    """Every office's reports for HQ, filtered by office, type, state and period."""
    services.require_hq(request.user)
    form = ReviewFilterForm(request.GET or None)
    reports = Report.objects.listing()
    if form.is_bound and form.is_valid():
        reports = form.filter(reports)
    page = _page(request, reports)
    return render(
        request,
        "offices/reports/review.html",
        {
            "form": form,
            "page": page,
            "demo_records": any(r.is_demo for r in page.object_list),
        },
    )


@login_required
@require_POST
def return_report(request, report_id):
    report = services.get_report_for_review(request.user, report_id)
    form = ReviewForm(request.POST)
    form.is_valid()
    with show_refusals(request):
        services.return_report(request.user, report.pk, form.cleaned_data.get("comment", ""))
        messages.success(request, _("The report has been returned to the office."))
    return redirect("offices:report-detail", report_id=report.pk)


@login_required
@require_POST
def accept_report(request, report_id):
    report = services.get_report_for_review(request.user, report_id)
    form = ReviewForm(request.POST)
    form.is_valid()
    with show_refusals(request):
        services.accept_report(request.user, report.pk, form.cleaned_data.get("comment", ""))
        messages.success(request, _("The report has been accepted."))
    return redirect("offices:report-detail", report_id=report.pk)


@login_required
def reporting_rate(request):
    """Per office and period of one report type: on time, late, missing; with a chart."""
    services.require_hq(request.user)
    data = request.GET or None
    form = RateForm(data, initial={"fiscal_year": periods.fiscal_year(timezone.localdate())})
    if form.is_bound and form.is_valid():
        report_type, year = form.cleaned_data["report_type"], form.cleaned_data["fiscal_year"]
    else:
        report_type = form.fields["report_type"].queryset.first()
        year = periods.fiscal_year(timezone.localdate())
    rows, columns = [], []
    if report_type is not None:
        first, last = date(year, 4, 1), date(year + 1, 3, 31)
        rows = services.reporting_rate(report_type, first, last)
        columns = [
            periods.period_label(report_type.schedule, start)
            for start in periods.periods_between(report_type.schedule, first, last)
        ]
    return render(
        request,
        "offices/reports/rate.html",
        {
            "form": form,
            "report_type": report_type,
            "year": year,
            "rows": rows,
            "columns": columns,
            "chart": [
                (
                    row.office.name,
                    [row.on_time, row.late, row.missing],
                    charts.fmt(row.rate, unit="%"),
                )
                for row in rows
            ],
            "series": [
                (services.ON_TIME, _("on time")),
                (services.LATE, _("late")),
                (services.MISSING, _("missing")),
            ],
            "status_labels": STATUS_LABELS(),
        },
        status=_status(form),
    )


def STATUS_LABELS():  # noqa: N802  (a table of labels, read like a constant)
    return {
        services.ON_TIME: _("on time"),
        services.LATE: _("late"),
        services.MISSING: _("missing"),
        services.NOT_DUE: _("not yet due"),
        services.SUBMITTED_EARLY: _("submitted, not yet due"),
    }


@login_required
def consolidated(request):
    """Ask for the consolidated report of one period: an XLSX index and the attachments, zipped."""
    services.require_hq(request.user)
    form = ConsolidatedForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with show_refusals(request, form=form):
            job = request_job(
                request.user,
                "office-reports-consolidated-zip",
                {
                    "report_type": data["report_type"].pk,
                    "period_start": data["period_start"].isoformat(),
                },
                language=data["language"],
            )
            messages.success(request, _("The consolidated report has been requested."))
            return redirect(reverse("jobs:detail", args=[job.pk]))
    return render(
        request, "offices/reports/consolidated.html", {"form": form}, status=_status(form)
    )
