"""Batch reports on grants, produced by the job runner (see clair_portal/jobs/kinds.py)."""

from collections.abc import Iterator

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.roles import is_hq
from clair_portal.jobs.kinds import CHUNK_SIZE, CSV, XLSX, Row, report


def _applications():
    from multicultural.models import Disbursement, GrantApplication

    paid = (
        Disbursement.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        GrantApplication.objects.exclude(state=GrantApplication.State.DRAFT)
        .with_related()
        .annotate(paid_total=Coalesce(Subquery(paid), 0))
        .order_by("-programme__fiscal_year", "programme_id", "prefecture_id", "pk")
    )


def _count(params: dict) -> int:
    return _applications().count()


@report(
    "grant-applications",
    title=_("Multicultural grants"),
    description=_(
        "Every submitted grant application by fiscal year and programme, with the applicant, "
        "its prefecture, the state, and the yen requested, awarded and paid."
    ),
    formats=(XLSX, CSV),
    may_request=is_hq,
    count=_count,
)
def grant_applications(params: dict) -> Iterator[Row]:
    from multicultural.models import GrantApplication, GrantProgramme

    def verbose(model, name):
        return model._meta.get_field(name).verbose_name

    yield [
        verbose(GrantProgramme, "fiscal_year"),
        verbose(GrantApplication, "programme"),
        _("applicant"),
        verbose(GrantApplication, "applicant_kind"),
        verbose(GrantApplication, "prefecture"),
        verbose(GrantApplication, "title"),
        verbose(GrantApplication, "category"),
        verbose(GrantApplication, "state"),
        verbose(GrantApplication, "requested_amount"),
        verbose(GrantApplication, "awarded_amount"),
        _("paid (yen)"),
        verbose(GrantApplication, "report_due_on"),
    ]
    for application in _applications().iterator(chunk_size=CHUNK_SIZE):
        body = application.local_government or application.association
        yield [
            application.programme.fiscal_year,
            application.programme.name,
            body.display_name() if hasattr(body, "display_name") else body.name,
            application.get_applicant_kind_display(),
            application.prefecture.display_name(),
            application.title,
            application.category.name,
            application.get_state_display(),
            application.requested_amount,
            application.awarded_amount or 0,
            application.paid_total,
            application.report_due_on,  # a date cell in a workbook
        ]
