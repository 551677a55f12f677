from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from clair_portal.accounts.roles import is_hq
from clair_portal.errors import show_refusals
from clair_portal.params import int_param
from clair_portal.security.ratelimit import limit_reads
from clair_portal.security.uploads import attachment_response
from multicultural import forms, services
from multicultural.models import (
    DocumentVersion,
    GrantApplication,
    GrantProgramme,
    LibraryLanguage,
    LivingTopic,
    fiscal_year_of,
)
from reference.models import RegionalAssociation

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Public -------------------------------------------------------------------------


def index(request):
    """What the multicultural section offers, with the signed-in person's own entry points."""
    return render(
        request,
        "multicultural/index.html",
        {"officer": services.officer_of(request.user), "hq": is_hq(request.user)},
    )


@limit_reads
def associations(request):
    """The public registry of regional international exchange associations."""
    rows = RegionalAssociation.objects.select_related("serves").order_by("serves__code", "name")
    return render(request, "multicultural/associations.html", {"page": _page(request, rows)})


@limit_reads
def library(request):
    """The living-information library: current versions, filtered by topic and language.

    It opens on the visitor's language; where a topic has nothing in the language
    chosen, it says so and offers the closest (easy Japanese, then English).
    """
    languages = list(LibraryLanguage.objects.prefetch_related(*LibraryLanguage.prefetch_names()))
    codes = {language.code for language in languages}
    data = request.GET.copy()
    if "language" not in data:
        reader = services.reader_library_language()
        data["language"] = reader if reader in codes else forms.LibraryFilterForm.ALL
    wanted = next((lang for lang in languages if lang.code == data["language"]), None)
    topics = list(services.shelf_topics(wanted))
    form = forms.LibraryFilterForm(data, topics=topics, languages=languages)
    topic, language = form.chosen()

    versions = DocumentVersion.objects.current().with_related()
    if topic is not None:
        versions = versions.filter(document__topic=topic)
    if language is not None:
        versions = versions.filter(language=language)
    versions = versions.order_by(
        "document__topic__sort_order", "document__title", "language__sort_order", "pk"
    ).prefetch_related(
        *LivingTopic.prefetch_names("document__topic__"),
        *LibraryLanguage.prefetch_names("language__"),
    )
    page = _page(request, versions)

    missing = []
    if language is not None and page.number == 1:
        bare = [
            t
            for t in topics
            if t.has_documents and not t.in_language and (topic is None or t == topic)
        ]
        closest = services.closest_versions(language, bare) if bare else {}
        missing = [(t, closest.get(t.pk, [])) for t in bare]
    return render(
        request,
        "multicultural/library.html",
        {
            "form": form,
            "page": page,
            "language": language,
            "missing": missing,
            "has_demo": any(v.document.is_demo for v in page.object_list),
        },
    )


def library_version(request, pk):
    version = get_object_or_404(
        DocumentVersion.objects.with_related().prefetch_related(
            *LivingTopic.prefetch_names("document__topic__"),
            *LibraryLanguage.prefetch_names("language__"),
        ),
        pk=pk,
    )
    siblings = (
        DocumentVersion.objects.current()
        .filter(document=version.document)
        .select_related("language")
        .order_by("language__sort_order")
    )
    return render(
        request,
        "multicultural/library_version.html",
        {"version": version, "siblings": siblings},
    )


@require_GET
def library_file(request, pk):
    version = get_object_or_404(DocumentVersion, pk=pk)
    if not version.file:
        raise Http404("This version has no file.")
    return attachment_response(version.file.open("rb"), version.file.name.rsplit("/", 1)[-1])


# --- Applicants ---------------------------------------------------------------------


@login_required
def applications(request):
    """The officer's body's applications and the programmes it may apply to now."""
    officer = services.require_officer(request.user)
    rows = (
        GrantApplication.objects.for_user(request.user)
        .select_related("programme", "category")
        .order_by("-created_at", "-pk")
    )
    open_programmes = GrantProgramme.objects.accepting_drafts(timezone.now()).order_by("closes_at")
    return render(
        request,
        "multicultural/applications.html",
        {"officer": officer, "page": _page(request, rows), "programmes": open_programmes},
    )


@login_required
def apply(request, programme_id):
    programme = services.get_programme_for_officer(request.user, programme_id)
    officer = services.officer_of(request.user)
    form = forms.ApplicationForm(request.POST or None, programme=programme, officer=officer)
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form):
            application = services.create_draft(
                request.user,
                programme.pk,
                form.terms(),
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
            messages.success(request, _("Your draft has been saved. Add files, then submit it."))
            return redirect("multicultural:application", pk=application.pk)
    return render(
        request,
        "multicultural/apply.html",
        {
            "form": form,
            "programme": programme,
            "application": None,
            "documents": _programme_documents(programme),
        },
    )


def _programme_documents(programme):
    """The programme's required documents, for the rules shown before anything is typed."""
    return list(programme.required_documents.select_related("category"))


@login_required
def edit(request, pk):
    application = services.get_own_application(request.user, pk)
    if not application.is_editable:
        raise Http404("Only drafts are edited.")
    officer = services.officer_of(request.user)
    form = forms.ApplicationForm(
        request.POST or None,
        programme=application.programme,
        officer=officer,
        initial=forms.ApplicationForm.initial_for(application),
    )
    if request.method == "POST" and form.is_valid():
        with show_refusals(request, form=form):
            services.update_draft(
                request.user,
                application.pk,
                form.terms(),
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
            messages.success(request, _("Your draft has been saved."))
            return redirect("multicultural:application", pk=application.pk)
    return render(
        request,
        "multicultural/apply.html",
        {
            "form": form,
            "programme": application.programme,
            "application": application,
            "documents": _programme_documents(application.programme),
        },
    )


def _detail(request, application, status=200, **bound):
    """The application page; HQ also gets the review, decision and payment forms."""
    hq = is_hq(request.user)
    attachments = list(application.attachments.all())
    requirements = services.checklist(application, attachments)
    context = {
        "application": application,
        "hq": hq,
        "attachments": attachments,
        "requirements": requirements,
        "reviews": list(application.reviews.select_related("reviewer")) if hq else [],
        "disbursements": list(application.disbursements.all()),
        "upload_form": bound.get("upload_form") or _upload_form(request, application, requirements),
        "completion_form": bound.get("completion_form") or forms.CompletionReportForm(),
    }
    context["paid"] = sum(d.amount for d in context["disbursements"])
    if hq:
        context["review_form"] = bound.get("review_form") or forms.ReviewForm()
        context["decision_form"] = bound.get("decision_form") or forms.DecisionForm(
            initial={"amount": application.requested_amount}
        )
        context["disbursement_form"] = bound.get("disbursement_form") or forms.DisbursementForm(
            initial={"paid_on": timezone.localdate()}
        )
        if context["reviews"]:
            context["average_score"] = sum(r.score for r in context["reviews"]) / len(
                context["reviews"]
            )
    return render(request, "multicultural/application.html", context, status=status)


@login_required
def application(request, pk):
    return _detail(request, services.get_application_for_user(request.user, pk))


def _upload_form(request, application, requirements):
    """A draft's upload form offers its required documents, the one asked for (``?document=``)
    or else the first still missing chosen; an award's completion report offers none."""
    if not application.is_editable:
        return forms.AttachmentForm()
    documents = [requirement.document for requirement in requirements]
    chosen = request.GET.get("document", "")
    if chosen not in {str(document.pk) for document in documents}:
        missing = [r.document for r in requirements if r.missing]
        chosen = str(missing[0].pk) if missing else forms.AttachmentForm.OTHER
    return forms.AttachmentForm(documents=documents, initial={"document": chosen})


@login_required
@require_POST
def upload(request, pk):
    application = services.get_own_application(request.user, pk)
    completion = request.POST.get("completion") == "1"
    documents = None if completion else list(services.required_documents(application))
    form = forms.AttachmentForm(request.POST, request.FILES, documents=documents)
    if form.is_valid():
        with show_refusals(request, form=form):
            services.add_attachment(
                request.user,
                pk,
                form.cleaned_data["file"],
                completion_report=completion,
                required_document_id=None if completion else form.required_document_id(),
            )
            messages.success(request, _("The file has been attached."))
            return redirect("multicultural:application", pk=pk)
    return _detail(request, application, status=400, upload_form=form)


@login_required
@require_GET
def attachment(request, pk, attachment_id):
    found = services.get_attachment_for_user(request.user, pk, attachment_id)
    return attachment_response(found.file.open("rb"), found.original_name, found.content_type)


@login_required
def submit(request, pk):
    """Check your answers: the draft as CLAIR will read it, its required documents and the
    programme's rules, then the submission itself (POST). The button shows only when
    nothing is missing; the service checks everything again."""
    application = services.get_own_application(request.user, pk)
    if request.method == "POST":
        with show_refusals(request) as outcome:
            services.submit(request.user, pk)
            messages.success(request, _("Your application has been submitted to CLAIR."))
        if not outcome.refused or not application.is_editable:
            return redirect("multicultural:application", pk=application.pk)
        return _check(request, application, status=400)
    if not application.is_editable:
        return redirect("multicultural:application", pk=application.pk)
    return _check(request, application)


def _check(request, application, status=200):
    attachments = [a for a in application.attachments.all() if not a.is_completion_report]
    requirements = services.checklist(application, attachments)
    answering = {file.pk for requirement in requirements for file in requirement.files}
    missing = [requirement.document for requirement in requirements if requirement.missing]
    programme = application.programme
    now = timezone.now()
    return render(
        request,
        "multicultural/check.html",
        {
            "application": application,
            "programme": programme,
            "requirements": requirements,
            "missing": missing,
            "other_files": [a for a in attachments if a.pk not in answering],
            "not_open_yet": now < programme.opens_at,
            "closed": now > programme.closes_at,
            "can_submit": not missing and programme.is_open(now),
            "period": programme.period(),
        },
        status=status,
    )


@login_required
@require_POST
def completion(request, pk):
    application = services.get_own_application(request.user, pk)
    form = forms.CompletionReportForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            services.submit_completion_report(request.user, pk, text=form.cleaned_data["text"])
            messages.success(request, _("Thank you: your completion report has been received."))
            return redirect("multicultural:application", pk=pk)
    return _detail(request, application, status=400, completion_form=form)


# --- HQ -----------------------------------------------------------------------------


@login_required
def review_list(request):
    """Applications for HQ to review and decide, filtered by programme and state."""
    services.require_hq(request.user)
    form = forms.ReviewFilterForm(request.GET or None)
    rows = GrantApplication.objects.with_related().exclude(state=GrantApplication.State.DRAFT)
    state = ""
    if form.is_valid():
        if form.cleaned_data["programme"]:
            rows = rows.filter(programme=form.cleaned_data["programme"])
        state = form.cleaned_data["state"]
    rows = rows.filter(state=state) if state else rows.filter(state__in=GrantApplication.DECIDABLE)
    rows = rows.order_by("submitted_at", "pk")
    return render(
        request,
        "multicultural/review_list.html",
        {"form": form, "page": _page(request, rows)},
    )


@login_required
@require_POST
def review(request, pk):
    services.require_hq(request.user)
    application = services.get_application_for_user(request.user, pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            services.record_review(
                request.user,
                pk,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Your review has been recorded."))
            return redirect("multicultural:application", pk=pk)
    return _detail(request, application, status=400, review_form=form)


@login_required
@require_POST
def decide(request, pk):
    services.require_hq(request.user)
    application = services.get_application_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        award = form.cleaned_data["outcome"] == form.AWARD
        with show_refusals(request, form=form):
            services.decide(
                request.user,
                pk,
                award=award,
                amount=form.cleaned_data["amount"] if award else None,
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("The decision has been recorded and the applicant told."))
            return redirect("multicultural:application", pk=pk)
    return _detail(request, application, status=400, decision_form=form)


@login_required
@require_POST
def disburse(request, pk):
    services.require_hq(request.user)
    application = services.get_application_for_user(request.user, pk)
    form = forms.DisbursementForm(request.POST)
    if form.is_valid():
        with show_refusals(request, form=form):
            services.record_disbursement(request.user, pk, **form.cleaned_data)
            messages.success(request, _("The payment has been recorded."))
            return redirect("multicultural:application", pk=pk)
    return _detail(request, application, status=400, disbursement_form=form)


@login_required
def dashboard(request):
    """HQ's view of one fiscal year: committed, disbursed and remaining."""
    services.require_hq(request.user)
    years = services.fiscal_years()
    year = int_param(request, "year", low=1900, high=2200)
    if year is None:
        year = fiscal_year_of(timezone.localdate())
    context = services.dashboard(year)
    context.update(
        {
            "year": year,
            "years": years,
            "has_demo": any(p.is_demo for p, _money in context["programmes"]),
            "budget_chart": _budget_chart(context["total"]),
            "budget_series": [
                ("disbursed", _("Disbursed")),
                ("committed", _("Committed, not yet paid")),
                ("remaining", _("Remaining")),
            ],
            # The map of Japan: yen committed per prefecture of the applicant.
            "prefecture_map": {
                row["prefecture"].code: row["committed"] for row in context["prefectures"]
            },
        }
    )
    return render(request, "multicultural/dashboard.html", context)


def _budget_chart(total) -> list:
    """The year's budget as one stacked bar: disbursed, committed but unpaid, remaining."""
    if not total.budget:
        return []
    shares = [total.disbursed_percent, total.undisbursed_percent, total.remaining_percent]
    return [(_("Budget"), shares, "")]


@login_required
def coverage(request):
    """HQ's topic × language matrix of the library: missing and stale versions."""
    services.require_hq(request.user)
    return render(request, "multicultural/coverage.html", services.coverage())
