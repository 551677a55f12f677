"""Batch reports on professional development, produced by the job runner
(clair_portal/jobs/kinds.py): the officers' course participation, and subsidy claims."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.roles import is_hq
from clair_portal.jobs.kinds import CHUNK_SIZE, CSV, XLSX, Row, report


def _applications():
    from training.models import Application

    return (
        Application.objects.exclude(state=Application.State.WITHDRAWN)
        .with_related()
        .order_by("course__starts_on", "course_id", "pk")
    )


@report(
    "training-participation",
    title=_("Course applications and participation"),
    description=_(
        "Every officer's application for a course, by fiscal year and course, with the "
        "organisation, its prefecture, the state, attendance and the certificate."
    ),
    formats=(XLSX, CSV),
    may_request=is_hq,
    count=lambda params: _applications().count(),
)
def participation(params: dict) -> Iterator[Row]:
    from training.models import Application, Course
    from training.models.subsidies import fiscal_year_of

    def verbose(model, name):
        return model._meta.get_field(name).verbose_name

    yield [
        _("fiscal year"),
        verbose(Application, "course"),
        verbose(Course, "provider"),
        verbose(Course, "starts_on"),
        verbose(Application, "applicant"),
        verbose(Application, "organisation"),
        _("Prefecture"),
        verbose(Application, "state"),
        verbose(Application, "attended"),
        verbose(Application, "certificate_made_at"),
    ]
    for a in _applications().iterator(chunk_size=CHUNK_SIZE):
        yield [
            fiscal_year_of(a.course.starts_on),
            a.course.title,
            a.course.get_provider_display(),
            a.course.starts_on,
            a.applicant.full_name or a.applicant.email,
            str(a.organisation),
            a.organisation.prefecture.display_name(),
            a.get_state_display(),
            "" if a.attended is None else (_("yes") if a.attended else _("no")),
            a.certificate_made_at,
        ]


def _claims():
    from training.models import SubsidyClaim

    return SubsidyClaim.objects.with_related().order_by(
        "-programme__fiscal_year", "programme_id", "pk"
    )


@report(
    "training-subsidies",
    title=_("Subsidies for study tours and JIAM courses"),
    description=_(
        "Every subsidy claim by fiscal year and programme, with the organisation, its "
        "prefecture, the state and the yen claimed, approved and paid."
    ),
    formats=(XLSX, CSV),
    may_request=is_hq,
    count=lambda params: _claims().count(),
)
def subsidy_claims(params: dict) -> Iterator[Row]:
    from training.models import SubsidyClaim, SubsidyProgramme

    def verbose(model, name):
        return model._meta.get_field(name).verbose_name

    yield [
        verbose(SubsidyProgramme, "fiscal_year"),
        verbose(SubsidyClaim, "programme"),
        verbose(SubsidyClaim, "claimant"),
        verbose(SubsidyClaim, "organisation"),
        _("Prefecture"),
        verbose(SubsidyClaim, "title"),
        verbose(SubsidyClaim, "state"),
        verbose(SubsidyClaim, "eligible_cost"),
        verbose(SubsidyClaim, "requested_amount"),
        verbose(SubsidyClaim, "approved_amount"),
        _("Paid (yen)"),
    ]
    for c in _claims().iterator(chunk_size=CHUNK_SIZE):
        yield [
            c.programme.fiscal_year,
            c.programme.name,
            c.claimant.full_name or c.claimant.email,
            str(c.organisation),
            c.organisation.prefecture.display_name(),
            c.title,
            c.get_state_display(),
            c.eligible_cost,
            c.requested_amount,
            c.approved_amount or 0,
            c.paid_total,
        ]
