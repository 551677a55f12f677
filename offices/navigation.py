"""The offices' sections and what needs office staff and HQ first (clair_portal.navigation)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq
from clair_portal.navigation import Section, Task, signed_out
from clair_portal.organisations.access import is_officer
from offices.models import Report
from offices.services import office_of


def on_a_desk(user) -> bool:
    """Who answers local governments' requests: office staff, and HQ for headquarters."""
    return is_hq(user) or (has_role(user, OFFICE_STAFF) and office_of(user) is not None)


def asking(user) -> bool:
    """A local government's officers, who ask the offices for help."""
    return is_officer(user)


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
        "desk",
        _("Requests from local governments"),
        "offices:desk",
        _(
            "Local governments' requests for help: accept, decline or ask for more, arrange "
            "meetings and report back, with first answers due within three working days."
        ),
        on_a_desk,
        order=45,
        short_title=_("Requests"),
    ),
    Section(
        "desk-requests",
        _("Help from CLAIR's offices"),
        "offices:request-list",
        _(
            "Ask an overseas office for advice before a mission, information, meetings "
            "arranged or support for a promotion event, and follow its answer."
        ),
        asking,
        order=45,
        short_title=_("Overseas help"),
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


def desk_tasks(user) -> list[Task]:
    """What waits on the desk (one query), or, for an officer, for their answer (one)."""
    from django.db.models import Count, Q

    from clair_portal.organisations.access import organisation_of
    from offices.models import AssistanceRequest
    from offices.services.desk_access import desk_of

    State = AssistanceRequest.State
    organisation = organisation_of(user)
    if organisation is not None:
        counts = AssistanceRequest.objects.of_organisation(organisation).aggregate(
            asked=Count("pk", filter=Q(state=State.INFO_REQUESTED)),
            to_rate=Count("pk", filter=Q(state=State.COMPLETED, rated_at__isnull=True)),
        )
        url = reverse("offices:request-list")
        return [
            Task(
                ngettext(
                    "%(n)d request on which an office needs more information",
                    "%(n)d requests on which an office needs more information",
                    counts["asked"],
                )
                % {"n": counts["asked"]},
                counts["asked"],
                url + "?state=info",
                urgent=True,
                order=20,
            ),
            Task(
                ngettext(
                    "%(n)d completed request to rate",
                    "%(n)d completed requests to rate",
                    counts["to_rate"],
                )
                % {"n": counts["to_rate"]},
                counts["to_rate"],
                url + "?state=completed",
                order=30,
            ),
        ]
    if not on_a_desk(user):
        return []
    counts = AssistanceRequest.objects.routed_to(desk_of(user)).aggregate(
        waiting=Count("pk", filter=Q(state=State.SUBMITTED)),
        overdue=Count("pk", filter=Q(state=State.SUBMITTED, due_at__lt=timezone.now())),
    )
    url = reverse("offices:desk")
    return [
        Task(
            ngettext(
                "%(n)d request from a local government waiting for a first answer",
                "%(n)d requests from local governments waiting for a first answer",
                counts["waiting"],
            )
            % {"n": counts["waiting"]},
            counts["waiting"],
            url + ("?state=overdue" if counts["overdue"] else "?state=submitted"),
            urgent=bool(counts["overdue"]),
            order=15,
        )
    ]


def tasks(user) -> list[Task]:
    return desk_tasks(user) + report_tasks(user)


def report_tasks(user) -> list[Task]:
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
