"""What changes grants and the library: every write that matters goes through here.

Each function runs in ``transaction.atomic()`` and raises :class:`GrantError`
(or :class:`LibraryError`) with a translated message people can be shown.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.roles import GRANT_APPLICANT, has_role, is_hq
from clair_portal.notifications.services import notify
from clair_portal.security.uploads import sanitise_filename, sniff
from multicultural.models import (
    Attachment,
    Disbursement,
    DocumentVersion,
    GrantApplication,
    GrantOfficer,
    GrantProgramme,
    LibraryLanguage,
    LivingDocument,
    LivingTopic,
    Review,
)
from reference.models import LocalGovernment

REMINDER_DAYS_BEFORE = 14


class GrantError(Exception):
    """A refusal the person may be told about; ``message`` is a translated string."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class LibraryError(GrantError):
    pass


def yen(amount: int) -> str:
    return f"¥{amount:,}"


# --- Who may do what ----------------------------------------------------------------


def officer_of(user) -> GrantOfficer | None:
    """The grant officer record of ``user``, if they act for a body and hold the role."""
    if not has_role(user, GRANT_APPLICANT):
        return None
    if not hasattr(user, "_grant_officer"):
        user._grant_officer = (
            GrantOfficer.objects.select_related(
                "local_government__prefecture", "association__serves__prefecture"
            )
            .filter(user=user)
            .first()
        )
    return user._grant_officer


def require_officer(user) -> GrantOfficer:
    officer = officer_of(user)
    if officer is None:
        raise Http404("Not a grant officer.")
    return officer


def require_hq(user) -> None:
    if not is_hq(user):
        raise Http404("Not HQ.")


def get_application_for_user(user, application_id: int) -> GrantApplication:
    """The application if ``user`` is HQ or an officer of its body, else 404."""
    if not is_hq(user):
        require_officer(user)
    return get_object_or_404(
        GrantApplication.objects.for_user(user).with_related(), pk=application_id
    )


def get_own_application(user, application_id: int) -> GrantApplication:
    """The application if ``user`` is an officer of its body (HQ does not apply), else 404."""
    require_officer(user)
    return get_application_for_user(user, application_id)


def get_programme_for_officer(user, programme_id: int) -> GrantProgramme:
    """A programme still taking drafts, for an officer; else 404."""
    require_officer(user)
    return get_object_or_404(
        GrantProgramme.objects.accepting_drafts(timezone.now()), pk=programme_id
    )


def get_attachment_for_user(user, application_id: int, attachment_id: int) -> Attachment:
    application = get_application_for_user(user, application_id)
    return get_object_or_404(application.attachments, pk=attachment_id)


# --- Applying -----------------------------------------------------------------------


@dataclass
class Terms:
    category: object
    project_start: date
    project_end: date
    requested_amount: int
    joint: bool = False


def problems(programme: GrantProgramme, kind: str, terms: Terms) -> dict[str, object]:
    """Every rule of the programme the terms break, by form field; empty when all hold."""
    found: dict[str, object] = {}
    cap = programme.cap_for(kind)
    if cap is None:
        found["joint" if terms.joint else "__all__"] = format_lazy(
            _("This programme does not accept applications from a {kind}."),
            kind=_kind_label(kind),
        )
    if (
        terms.category is not None
        and not programme.categories.filter(pk=terms.category.pk).exists()
    ):
        found["category"] = _("This programme does not fund that category.")
    amount = terms.requested_amount
    if amount is not None:
        if amount < max(programme.minimum_request, 1):
            found["requested_amount"] = format_lazy(
                _("The minimum request is {amount}."), amount=yen(max(programme.minimum_request, 1))
            )
        elif cap is not None and amount > cap:
            found["requested_amount"] = format_lazy(
                _("A {kind} may request at most {amount}."), kind=_kind_label(kind), amount=yen(cap)
            )
    start, end = programme.period()
    if terms.project_start and terms.project_end:
        if terms.project_end < terms.project_start:
            found["project_end"] = _("The project cannot end before it starts.")
        elif terms.project_start < start or terms.project_end > end:
            found["project_end"] = format_lazy(
                _("The project must run within fiscal year {year} ({start} to {end})."),
                year=programme.fiscal_year,
                start=start.isoformat(),
                end=end.isoformat(),
            )
    return found


def _kind_label(kind):
    from multicultural.models import ApplicantKind

    return ApplicantKind(kind).label


def _raise_first(found: dict):
    if found:
        field, message = next(iter(found.items()))
        raise GrantError(message, field=None if field == "__all__" else field)


def create_draft(user, programme_id: int, terms: Terms, *, title: str, summary: str):
    """Start an application for the officer's body.

    Preconditions: ``user`` is a grant officer; the programme still takes drafts
    (it has not closed); the terms meet the programme's rules (eligibility,
    category, minimum and cap, project within the fiscal year).
    """
    officer = require_officer(user)
    with transaction.atomic():
        programme = GrantProgramme.objects.get(pk=programme_id)
        if programme.closes_at < timezone.now():
            raise GrantError(_("This programme has closed; applications can no longer be made."))
        kind = officer.applicant_kind(joint=terms.joint)
        _raise_first(problems(programme, kind, terms))
        return GrantApplication.objects.create(
            programme=programme,
            local_government=officer.local_government,
            association=officer.association,
            prefecture=officer.prefecture(),
            applicant_kind=kind,
            created_by=user,
            title=title,
            summary=summary,
            category=terms.category,
            project_start=terms.project_start,
            project_end=terms.project_end,
            requested_amount=terms.requested_amount,
        )


def update_draft(user, application_id: int, terms: Terms, *, title: str, summary: str):
    """Change a draft of the officer's body; only drafts change, and only before closing."""
    require_officer(user)
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        if not application.is_editable:
            raise GrantError(_("Only a draft can be changed."))
        if application.programme.closes_at < timezone.now():
            raise GrantError(_("This programme has closed; applications can no longer be made."))
        officer = officer_of(user)
        kind = officer.applicant_kind(joint=terms.joint)
        _raise_first(problems(application.programme, kind, terms))
        application.applicant_kind = kind
        application.title = title
        application.summary = summary
        application.category = terms.category
        application.project_start = terms.project_start
        application.project_end = terms.project_end
        application.requested_amount = terms.requested_amount
        application.save()
        return application


def submit(user, application_id: int, *, now=None) -> GrantApplication:
    """Submit a draft of the officer's body while the programme's window is open.

    The rules are checked again: the programme may have changed since the draft.
    """
    now = now or timezone.now()
    require_officer(user)
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        programme = application.programme
        if not application.is_editable:
            raise GrantError(_("This application has already been submitted."))
        if now < programme.opens_at:
            raise GrantError(
                format_lazy(
                    _("Applications open on {date}."),
                    date=timezone.localtime(programme.opens_at).strftime("%Y-%m-%d %H:%M"),
                )
            )
        if now > programme.closes_at:
            raise GrantError(_("This programme has closed; applications can no longer be made."))
        terms = Terms(
            category=application.category,
            project_start=application.project_start,
            project_end=application.project_end,
            requested_amount=application.requested_amount,
            joint=application.applicant_kind == "joint",
        )
        _raise_first(problems(programme, application.applicant_kind, terms))
        application.state = GrantApplication.State.SUBMITTED
        application.submitted_at = now
        application.save(update_fields=["state", "submitted_at"])
        return application


def add_attachment(user, application_id: int, uploaded, *, completion_report=False) -> Attachment:
    """Attach a validated file: to a draft, or to an award's completion report."""
    require_officer(user)
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        if completion_report:
            if application.state != GrantApplication.State.AWARDED:
                raise GrantError(_("A completion report can only be sent for an awarded grant."))
        elif not application.is_editable:
            raise GrantError(_("Files can only be added to a draft."))
        name = sanitise_filename(uploaded.name)
        attachment = Attachment(
            application=application,
            original_name=name,
            content_type=sniff(uploaded),
            uploaded_by=user,
            is_completion_report=completion_report,
        )
        attachment.file.save(name, uploaded, save=False)
        attachment.save()
        return attachment


# --- Reviewing and deciding ---------------------------------------------------------


def record_review(reviewer, application_id: int, *, score: int, comment: str = "") -> Review:
    """HQ scores a submitted application; a reviewer's second review replaces the first."""
    require_hq(reviewer)
    if not 1 <= int(score) <= 5:
        raise GrantError(_("The score must be between 1 and 5."), field="score")
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update().get(pk=application_id)
        if application.state not in GrantApplication.DECIDABLE:
            raise GrantError(_("Only submitted applications awaiting a decision can be reviewed."))
        review, _created = Review.objects.update_or_create(
            application=application,
            reviewer=reviewer,
            defaults={"score": score, "comment": comment},
        )
        if application.state == GrantApplication.State.SUBMITTED:
            application.state = GrantApplication.State.UNDER_REVIEW
            application.save(update_fields=["state"])
        return review


def decide(reviewer, application_id: int, *, award: bool, amount: int | None = None, comment=""):
    """Award (with an amount) or decline a submitted application.

    Budget integrity: the programme's row is locked (``SELECT ... FOR UPDATE``)
    before the committed total is summed, so two decisions on the same programme
    run one after the other and the awarded total never exceeds the budget. The
    programme is always locked before the application, so decisions cannot
    deadlock. The award must satisfy 0 < amount <= requested <= cap.
    """
    require_hq(reviewer)
    with transaction.atomic():
        programme_id = (
            GrantApplication.objects.filter(pk=application_id)
            .values_list("programme_id", flat=True)
            .first()
        )
        if programme_id is None:
            raise Http404("No such application.")
        programme = GrantProgramme.objects.select_for_update().get(pk=programme_id)
        application = GrantApplication.objects.select_for_update().get(pk=application_id)
        if application.state not in GrantApplication.DECIDABLE:
            raise GrantError(_("This application has already been decided."))
        now = timezone.now()
        if award:
            if amount is None or amount < 1:
                raise GrantError(_("Enter the amount to award."), field="amount")
            if amount > application.requested_amount:
                raise GrantError(
                    format_lazy(
                        _("The award cannot exceed the {amount} requested."),
                        amount=yen(application.requested_amount),
                    ),
                    field="amount",
                )
            cap = programme.cap_for(application.applicant_kind)
            if cap is None or amount > cap:
                raise GrantError(
                    format_lazy(
                        _("The award cannot exceed this applicant's cap of {amount}."),
                        amount=yen(cap or 0),
                    ),
                    field="amount",
                )
            remaining = programme.budget - programme.committed()
            if amount > remaining:
                raise GrantError(
                    format_lazy(
                        _("Only {amount} of the programme's budget remains."),
                        amount=yen(max(remaining, 0)),
                    ),
                    field="amount",
                )
            application.state = GrantApplication.State.AWARDED
            application.awarded_amount = amount
            application.report_due_on = application.project_end + timedelta(
                days=programme.report_due_days
            )
        else:
            application.state = GrantApplication.State.REJECTED
        application.decided_at = now
        application.decided_by = reviewer
        application.decision_comment = comment
        application.save()
        _tell_officers(
            application,
            event=f"grant-application-{application.pk}-decided",
            subject=format_lazy(
                _("Decision on your grant application: {title}"), title=application.title
            ),
            body=(
                format_lazy(
                    _(
                        "CLAIR has awarded {amount} to “{title}”. A completion report is due by {due}."
                    ),
                    amount=yen(application.awarded_amount),
                    title=application.title,
                    due=application.report_due_on.isoformat(),
                )
                if award
                else format_lazy(
                    _("CLAIR has decided not to fund “{title}” this time."),
                    title=application.title,
                )
            ),
        )
        return application


def record_disbursement(user, application_id: int, *, amount: int, paid_on: date, note=""):
    """HQ records a payment; the payments to an award never add up to more than the award."""
    require_hq(user)
    if amount is None or amount < 1:
        raise GrantError(_("Enter a positive amount."), field="amount")
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update().get(pk=application_id)
        if not application.is_awarded:
            raise GrantError(_("Only an awarded grant can be paid."))
        paid = application.disbursements.aggregate(total=Sum("amount"))["total"] or 0
        if paid + amount > application.awarded_amount:
            raise GrantError(
                format_lazy(
                    _("Only {amount} of the award remains to be paid."),
                    amount=yen(application.awarded_amount - paid),
                ),
                field="amount",
            )
        return Disbursement.objects.create(
            application=application, amount=amount, paid_on=paid_on, note=note, recorded_by=user
        )


def submit_completion_report(user, application_id: int, *, text: str) -> GrantApplication:
    """The officer reports on an awarded project; the grant is then complete."""
    require_officer(user)
    if not text.strip():
        raise GrantError(_("Describe what the project achieved."), field="text")
    with transaction.atomic():
        application = get_own_application(user, application_id)
        application = GrantApplication.objects.select_for_update().get(pk=application.pk)
        if application.state != GrantApplication.State.AWARDED:
            raise GrantError(_("A completion report can only be sent for an awarded grant."))
        application.report_text = text
        application.reported_at = timezone.now()
        application.state = GrantApplication.State.COMPLETED
        application.save(update_fields=["report_text", "reported_at", "state"])
        return application


def _tell_officers(application: GrantApplication, *, event: str, subject, body) -> None:
    officers = GrantOfficer.objects.for_body(
        local_government_id=application.local_government_id,
        association_id=application.association_id,
    ).select_related("user")
    url = reverse_lazy("multicultural:application", kwargs={"pk": application.pk})
    for officer in officers:
        notify(officer.user, event_key=event, subject=subject, body=body, url=url)


# --- Completion-report reminders ----------------------------------------------------

UPCOMING, OVERDUE = "upcoming", "overdue"


def due_reminders(today: date) -> dict[str, list[int]]:
    """Ids of awards needing a reminder: due within two weeks, or overdue, not yet told."""
    waiting = GrantApplication.objects.filter(
        state=GrantApplication.State.AWARDED, reported_at__isnull=True
    )
    upcoming = waiting.filter(
        reminder_sent_at__isnull=True,
        report_due_on__gte=today,
        report_due_on__lte=today + timedelta(days=REMINDER_DAYS_BEFORE),
    )
    overdue = waiting.filter(overdue_notice_sent_at__isnull=True, report_due_on__lt=today)
    return {
        UPCOMING: list(upcoming.values_list("pk", flat=True)),
        OVERDUE: list(overdue.values_list("pk", flat=True)),
    }


def send_reminder(application_id: int, kind: str) -> bool:
    """Remind the body's officers once; returns whether this call sent it.

    The reminder is claimed with a conditional UPDATE, so a task delivered twice,
    or run by two workers at once, reminds once.
    """
    field = "reminder_sent_at" if kind == UPCOMING else "overdue_notice_sent_at"
    with transaction.atomic():
        claimed = GrantApplication.objects.filter(
            pk=application_id,
            state=GrantApplication.State.AWARDED,
            reported_at__isnull=True,
            **{f"{field}__isnull": True},
        ).update(**{field: timezone.now()})
        if not claimed:
            return False
        application = GrantApplication.objects.get(pk=application_id)
        due = application.report_due_on.isoformat()
        if kind == UPCOMING:
            subject = format_lazy(_("Completion report due by {due}"), due=due)
            body = format_lazy(
                _("The completion report for “{title}” is due by {due}."),
                title=application.title,
                due=due,
            )
        else:
            subject = format_lazy(_("Completion report overdue since {due}"), due=due)
            body = format_lazy(
                _("The completion report for “{title}” was due on {due}. Please send it now."),
                title=application.title,
                due=due,
            )
        _tell_officers(
            application,
            event=f"grant-application-{application.pk}-report-{kind}",
            subject=subject,
            body=body,
        )
        return True


# --- Dashboards ---------------------------------------------------------------------


@dataclass
class Money:
    budget: int
    committed: int
    disbursed: int

    @property
    def remaining(self) -> int:
        return self.budget - self.committed

    def percent(self, amount: int) -> float:
        return round(100 * amount / self.budget, 1) if self.budget else 0.0

    @property
    def disbursed_percent(self):
        return self.percent(self.disbursed)

    @property
    def undisbursed_percent(self):
        return self.percent(self.committed - self.disbursed)

    @property
    def remaining_percent(self):
        return self.percent(max(self.remaining, 0))


def fiscal_years() -> list[int]:
    return list(
        GrantProgramme.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def dashboard(fiscal_year: int) -> dict:
    """Committed, disbursed and remaining for one fiscal year, per programme and prefecture.

    Four grouped queries whatever the number of applications: programmes with
    their awarded and paid sums (subqueries, so the joins do not multiply),
    awards per prefecture, payments per prefecture, and the prefectures' names.
    """
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    awarded = (
        GrantApplication.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(total=Sum("awarded_amount"))
        .values("total")
    )
    paid = (
        Disbursement.objects.filter(application__programme=OuterRef("pk"))
        .values("application__programme")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    programmes = list(
        GrantProgramme.objects.filter(fiscal_year=fiscal_year)
        .annotate(
            committed_total=Coalesce(Subquery(awarded), 0),
            disbursed_total=Coalesce(Subquery(paid), 0),
        )
        .order_by("name")
    )
    rows = [(p, Money(p.budget, p.committed_total, p.disbursed_total)) for p in programmes]
    total = Money(
        sum(m.budget for _, m in rows),
        sum(m.committed for _, m in rows),
        sum(m.disbursed for _, m in rows),
    )
    awards = {
        row["prefecture"]: row
        for row in GrantApplication.objects.awarded()
        .filter(programme__fiscal_year=fiscal_year)
        .values("prefecture")
        .annotate(committed=Sum("awarded_amount"), count=Count("pk"))
    }
    payments = dict(
        Disbursement.objects.filter(application__programme__fiscal_year=fiscal_year)
        .values("application__prefecture")
        .annotate(total=Sum("amount"))
        .values_list("application__prefecture", "total")
    )
    prefectures = []
    if awards:
        for prefecture in LocalGovernment.objects.prefectures().order_by("code"):
            row = awards.get(prefecture.code)
            if row:
                prefectures.append(
                    {
                        "prefecture": prefecture,
                        "count": row["count"],
                        "committed": row["committed"],
                        "disbursed": payments.get(prefecture.code, 0),
                    }
                )
    top = max((p["committed"] for p in prefectures), default=0)
    return {"programmes": rows, "total": total, "prefectures": prefectures, "top": top}


# --- The library --------------------------------------------------------------------


def refresh_currency(document_id: int, language_id: int) -> None:
    """Make the latest version (by date, then creation) of a document in a language current.

    When the language is the source (Japanese), the document's source date
    follows, and every translation dated before it is then stale. The document
    row is locked so that two editors saving at once agree on one current version.
    """
    with transaction.atomic():
        document = LivingDocument.objects.select_for_update().get(pk=document_id)
        versions = DocumentVersion.objects.filter(document=document, language_id=language_id)
        latest = versions.order_by("-published_on", "-pk").first()
        versions.filter(is_current=True).exclude(pk=getattr(latest, "pk", None)).update(
            is_current=False
        )
        if latest is not None and not latest.is_current:
            versions.filter(pk=latest.pk).update(is_current=True)
        if LibraryLanguage.objects.filter(pk=language_id, is_source=True).exists():
            document.source_updated_on = latest.published_on if latest else None
            document.save(update_fields=["source_updated_on"])


def publish_version(document, language, *, title, body="", file=None, published_on=None):
    """Add a version of ``document`` in ``language``; it becomes current if it is the latest."""
    if not body.strip() and not file:
        raise LibraryError(_("A version needs its text, a file, or both."))
    with transaction.atomic():
        version = DocumentVersion(
            document=document,
            language=language,
            title=title,
            body=body,
            published_on=published_on or timezone.localdate(),
        )
        if file:
            version.file.save(sanitise_filename(file.name), file, save=False)
        version.save()
        refresh_currency(document.pk, language.pk)
        version.refresh_from_db()
        return version


def stale_q() -> Q:
    return Q(
        language__is_source=False,
        document__source_updated_on__isnull=False,
        published_on__lt=F("document__source_updated_on"),
    )


def coverage() -> dict:
    """HQ's topic × language matrix: per cell, current, stale and missing documents.

    Three queries: topics with their document counts, languages, and current
    versions grouped by topic and language.
    """
    topics = list(LivingTopic.objects.annotate(documents_count=Count("documents")))
    languages = list(LibraryLanguage.objects.all())
    counts = {
        (row["document__topic"], row["language"]): row
        for row in DocumentVersion.objects.current()
        .values("document__topic", "language")
        .annotate(present=Count("pk"), stale=Count("pk", filter=stale_q()))
    }
    rows = []
    for topic in topics:
        cells = []
        for language in languages:
            row = counts.get((topic.pk, language.pk), {"present": 0, "stale": 0})
            cells.append(
                {
                    "language": language,
                    "present": row["present"],
                    "stale": row["stale"],
                    "missing": topic.documents_count - row["present"],
                }
            )
        rows.append({"topic": topic, "cells": cells})
    # Not "languages": base.html names the language switcher's list so.
    return {"library_languages": languages, "rows": rows}
