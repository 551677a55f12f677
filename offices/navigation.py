"""The offices' sections and what needs office staff and HQ first (clair_portal.navigation)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq
from clair_portal.navigation import Section, Task, signed_out
from offices.models import Report
from offices.services import office_of


def reporting(user) -> bool:
    """Office staff (their office's reports) and HQ (the review of every office's)."""
    return is_hq(user) or (has_role(user, OFFICE_STAFF) and office_of(user) is not None)


SECTIONS = [
    Section(
        "about",
        _("About CLAIR"),
        "about:index",
        _(
            "What CLAIR is and does: its history since 1988, its services, its headquarters "
            "and seven overseas offices, and the work of each division."
        ),
        order=90,
        in_header=signed_out,
    ),
    Section(
        "publications",
        _("Publications"),
        "publications:list",
        _(
            "CLAIR's publications and research, and the overseas offices' reports on local "
            "government abroad, searchable in Japanese or English."
        ),
        order=25,
    ),
    Section(
        "offices",
        _("Offices"),
        "offices:directory",
        _("Tokyo headquarters and the seven overseas offices, with their local time now."),
        order=10,
    ),
    Section(
        "office-reports",
        _("Office reports"),
        "offices:report-dashboard",
        _(
            "Periodic reports of the overseas offices, with their deadlines in each office's "
            "local time, HQ's review, and who is late."
        ),
        reporting,
        order=50,
    ),
]


def tasks(user) -> list[Task]:
    office = office_of(user)
    if office is not None:
        returned = Report.objects.for_office(office).filter(state=Report.State.RETURNED).count()
        return [
            Task(
                ngettext(
                    "%(n)d report returned to your office for changes",
                    "%(n)d reports returned to your office for changes",
                    returned,
                )
                % {"n": returned},
                returned,
                reverse("offices:report-dashboard"),
                order=10,
            )
        ]
    if is_hq(user):
        waiting = Report.objects.filter(state=Report.State.SUBMITTED).count()
        return [
            Task(
                ngettext("%(n)d office report to review", "%(n)d office reports to review", waiting)
                % {"n": waiting},
                waiting,
                reverse("offices:report-review"),
                order=10,
            )
        ]
    return []
