"""The Local Government Officials Training Programme: programmes, host offers, trainees,
their placement, timeline, checklist and statistics.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from clair_portal import checklists
from clair_portal.accounts.roles import is_hq
from clair_portal.dates import day_lazy
from clair_portal.notifications.services import notify
from cooperation.models import (
    ChecklistItem,
    Field,
    HostAssignment,
    HostOffer,
    Programme,
    Trainee,
    TraineePhase,
    TravelDocument,
)
from cooperation.services.access import CooperationError, host_government_of
from reference.models import LocalGovernment

HOST_MIN_DAYS = 6 * 30
HOST_MAX_DAYS = 10 * 31
ORIENTATION_DAYS = 7
LANGUAGE_STUDY_DAYS = 30
LANGUAGE_INSTITUTION = _("Language institution in central Japan")

# How long before arrival each logistics task is due.
CHECKLIST_LEAD_DAYS = {
    ChecklistItem.Kind.VISA: 60,
    ChecklistItem.Kind.FLIGHTS: 30,
    ChecklistItem.Kind.ACCOMMODATION: 21,
    ChecklistItem.Kind.INSURANCE: 14,
}


# Which selection state may follow which on the trainee's page. "Completed" follows
# only from the final report (record_final_report).
SELECTION_STEPS = {
    Trainee.Selection.NOMINATED: {
        Trainee.Selection.SELECTED,
        Trainee.Selection.NOT_SELECTED,
        Trainee.Selection.WITHDRAWN,
    },
    Trainee.Selection.SELECTED: {Trainee.Selection.WITHDRAWN},
    Trainee.Selection.NOT_SELECTED: {Trainee.Selection.NOMINATED},
    Trainee.Selection.WITHDRAWN: set(),
    Trainee.Selection.COMPLETED: set(),
}


@transaction.atomic
def open_programme(user, fiscal_year: int) -> Programme:
    """Open a fiscal year's LGOTP so that its demand survey and trainees can be entered."""
    if not is_hq(user):
        raise Http404
    if not 2000 <= fiscal_year <= 2100:
        raise CooperationError(_("Give a fiscal year between 2000 and 2100."))
    programme, created = Programme.objects.get_or_create(fiscal_year=fiscal_year)
    if not created:
        raise CooperationError(
            format_lazy(_("The programme for FY{year} is already open."), year=fiscal_year)
        )
    return programme


@transaction.atomic
def save_offer(
    user, programme: Programme, *, local_government, field, capacity: int, notes="", offer=None
) -> HostOffer:
    """HQ records or changes one local government's demand-survey answer for a programme year.

    For answers given to HQ on paper, at any time: local governments with an
    account answer themselves within the survey's window (``answer_demand_survey``).
    Recorded as entered by HQ, with who entered it. See ``_write_offer`` for the
    rules every offer keeps.
    """
    if not is_hq(user):
        raise Http404
    return _write_offer(
        programme,
        local_government=local_government,
        field=field,
        capacity=capacity,
        notes=notes,
        offer=offer,
        by=user,
        source=HostOffer.Source.HQ,
    )


@transaction.atomic
def answer_demand_survey(
    user, programme: Programme, *, field, capacity: int, notes="", offer=None
) -> HostOffer:
    """A local government's officer offers host places, in its own name, within the window.

    Preconditions: the user is an officer of a Japanese local government (else
    404), ``offer`` (when changing one) is that government's offer for this
    programme (else 404), and today is within the programme's demand-survey
    window (else ``CooperationError``, and nothing changes). Recorded as the local
    government's own answer, with the officer who gave it.
    """
    government = host_government_of(user)
    if offer is not None and (
        offer.local_government_id != government.pk or offer.programme_id != programme.pk
    ):
        raise Http404
    # Locked, so that HQ closing the window and an officer's answer do not cross.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.survey_is_open:
        raise CooperationError(survey_closed_message(programme))
    return _write_offer(
        programme,
        local_government=government,
        field=field,
        capacity=capacity,
        notes=notes,
        offer=offer,
        by=user,
        source=HostOffer.Source.ORGANISATION,
    )


def survey_closed_message(programme: Programme):
    if programme.survey_opens_on is None:
        return format_lazy(
            _("The demand survey for FY{year} is not open to local governments."),
            year=programme.fiscal_year,
        )
    return format_lazy(
        _(
            "The demand survey for FY{year} takes answers from {opens} to {closes} only: "
            "please contact CLAIR."
        ),
        year=programme.fiscal_year,
        opens=day_lazy(programme.survey_opens_on),
        closes=day_lazy(programme.survey_closes_on),
    )


def _write_offer(
    programme, *, local_government, field, capacity, notes, offer, by, source
) -> HostOffer:
    """Write one offer, whichever door it came through; in the caller's transaction.

    An existing offer is locked first, as ``assign_host`` locks it, so its capacity
    cannot fall below the trainees already assigned to it while one is being added.
    An offer with trainees keeps its local government and field: they are where
    those trainees are. One offer per programme, local government and field.
    """
    if capacity < 1:
        raise CooperationError(_("A host offers at least one place."))
    if offer is not None:
        offer = HostOffer.objects.select_for_update().get(pk=offer.pk)
        taken = HostAssignment.objects.filter(
            trainee__programme_id=offer.programme_id,
            host_government_id=offer.local_government_id,
            field_id=offer.field_id,
        ).count()
        moved = (offer.local_government_id, offer.field_id) != (local_government.pk, field.pk)
        if taken and moved:
            raise CooperationError(
                _(
                    "Trainees are already assigned to this offer: its local government "
                    "and field cannot change."
                )
            )
        if capacity < taken:
            raise CooperationError(
                format_lazy(
                    _(
                        "{taken} trainee(s) are already assigned here: the capacity cannot be lower."
                    ),
                    taken=taken,
                )
            )
    else:
        offer = HostOffer(programme=programme)
    offer.local_government = local_government
    offer.field = field
    offer.capacity = capacity
    offer.notes = notes
    offer.source = source
    offer.entered_by = by
    offer.entered_at = timezone.now()
    duplicate = (
        HostOffer.objects.filter(
            programme_id=offer.programme_id, local_government=local_government, field=field
        )
        .exclude(pk=offer.pk)
        .exists()
    )
    if duplicate:
        raise CooperationError(
            _("This local government has already offered places in this field for this year.")
        )
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as error:  # the same offer entered by someone else a moment ago
        raise CooperationError(
            _("This local government has already offered places in this field for this year.")
        ) from error
    return offer


@transaction.atomic
def save_trainee(user, *, trainee: Trainee | None = None, **data) -> Trainee:
    """Enter a nominated trainee, or correct one's details (not the selection: see set_selection).

    A trainee with a host keeps their programme year: the host offer belongs to it.
    """
    if not is_hq(user):
        raise Http404
    if trainee is None:
        trainee = Trainee(selection=Trainee.Selection.NOMINATED)
    else:
        trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
        programme = data.get("programme")
        moved = programme is not None and programme.pk != trainee.programme_id
        if moved and HostAssignment.objects.filter(trainee=trainee).exists():
            raise CooperationError(
                _("This trainee has a host in their programme year; withdraw them to change it.")
            )
    for name, value in data.items():
        setattr(trainee, name, value)
    trainee.save()
    return trainee


@transaction.atomic
def set_selection(user, trainee: Trainee, selection: str) -> Trainee:
    """Move a trainee to another selection state (see ``SELECTION_STEPS``).

    A selected trainee who withdraws gives their host place back: the host
    assignment, the timeline and the logistics tasks not yet done are removed in
    the same transaction (each removal stays in the history), so nobody is
    reminded of a journey that will not happen.
    """
    if not is_hq(user):
        raise Http404
    locked = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if selection not in SELECTION_STEPS[locked.selection]:
        raise CooperationError(
            format_lazy(
                _("A trainee cannot go from “{old}” to “{new}”."),
                old=Trainee.Selection(locked.selection).label,
                new=Trainee.Selection(selection).label,
            )
        )
    if locked.selection == Trainee.Selection.SELECTED:
        HostAssignment.objects.filter(trainee=locked).delete()
        TraineePhase.objects.filter(trainee=locked).delete()
        ChecklistItem.objects.filter(trainee=locked, done_on__isnull=True).delete()
    locked.selection = selection
    locked.save(update_fields=["selection"])
    return locked


@transaction.atomic
def save_travel_document(user, trainee: Trainee, **data) -> TravelDocument:
    """Record a trainee's passport and visa; only HQ's cooperation staff may.

    The passport must still be valid at the end of the trainee's programme year,
    and a visa cannot outlast its passport.
    """
    from cooperation.permissions import can_view_passport

    if not (is_hq(user) and can_view_passport(user)):
        raise Http404
    programme = Programme.objects.get(pk=trainee.programme_id)
    if data["passport_expires_on"] < programme.ends_on:
        raise CooperationError(
            format_lazy(
                _("The passport expires before the programme ends on {day}."),
                day=day_lazy(programme.ends_on),
            )
        )
    visa_expires = data.get("visa_expires_on")
    if visa_expires and visa_expires > data["passport_expires_on"]:
        raise CooperationError(_("A visa cannot outlast the passport it is in."))
    document, _created = TravelDocument.objects.update_or_create(trainee=trainee, defaults=data)
    return document


@transaction.atomic
def assign_host(trainee: Trainee, offer: HostOffer, *, starts_on, ends_on) -> HostAssignment:
    """Assign a selected trainee to a host that offered a place in the demand survey.

    The offer is locked and its capacity counted, so two assignments cannot
    overfill it. The host phase lasts six to ten months.
    """
    offer = (
        HostOffer.objects.select_for_update().select_related("local_government").get(pk=offer.pk)
    )
    # Locked too, so that a withdrawal cannot slip in between this check and the write.
    trainee = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if trainee.selection != Trainee.Selection.SELECTED:
        raise CooperationError(_("Only a selected trainee can be assigned to a host."))
    if offer.programme_id != trainee.programme_id:
        raise CooperationError(_("The host offer belongs to another year's programme."))
    days = (ends_on - starts_on).days + 1
    if not HOST_MIN_DAYS <= days <= HOST_MAX_DAYS:
        raise CooperationError(_("The time at the host lasts six to ten months."))
    taken = (
        HostAssignment.objects.filter(
            trainee__programme_id=offer.programme_id,
            host_government_id=offer.local_government_id,
            field_id=offer.field_id,
        )
        .exclude(trainee=trainee)
        .count()
    )
    if taken >= offer.capacity:
        raise CooperationError(
            format_lazy(
                _("{host} offered {capacity} place(s) in this field and all are taken."),
                host=offer.local_government,
                capacity=offer.capacity,
            )
        )
    assignment, _created = HostAssignment.objects.update_or_create(
        trainee=trainee,
        defaults={
            "host_government_id": offer.local_government_id,
            "field_id": offer.field_id,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return assignment


@transaction.atomic
def plan_timeline(trainee: Trainee, *, arrives_on: datetime.date) -> list[TraineePhase]:
    """Write the trainee's phases and logistics checklist from the arrival day.

    Orientation in Tokyo for a week, a month of language study in central Japan,
    then the host assignment, which must start after the language study. Running
    it again rewrites the phases and moves the open checklist items' due dates.
    """
    assignment = (
        HostAssignment.objects.filter(trainee=trainee).select_related("host_government").first()
    )
    if assignment is None:
        raise CooperationError(_("Assign the trainee to a host before planning the timeline."))
    orientation_end = arrives_on + datetime.timedelta(days=ORIENTATION_DAYS - 1)
    language_start = orientation_end + datetime.timedelta(days=1)
    language_end = language_start + datetime.timedelta(days=LANGUAGE_STUDY_DAYS - 1)
    if assignment.starts_on <= language_end:
        raise CooperationError(
            format_lazy(
                _("The host assignment must start after the language study ends on {day}."),
                day=day_lazy(language_end),
            )
        )
    plan = [
        (TraineePhase.Kind.ORIENTATION, arrives_on, orientation_end, _("Tokyo")),
        (TraineePhase.Kind.LANGUAGE, language_start, language_end, LANGUAGE_INSTITUTION),
        (
            TraineePhase.Kind.HOST,
            assignment.starts_on,
            assignment.ends_on,
            assignment.host_government.display_name("en"),
        ),
    ]
    phases = []
    for kind, start, end, place in plan:
        phase, _created = TraineePhase.objects.update_or_create(
            trainee=trainee,
            kind=kind,
            defaults={"starts_on": start, "ends_on": end, "place": str(place)},
        )
        phases.append(phase)
    checklists.plan(
        ChecklistItem, {"trainee": trainee}, anchor=arrives_on, lead_days=CHECKLIST_LEAD_DAYS
    )
    return phases


def remind_checklist(today=None, *, within_days: int = 7) -> int:
    """Tell HQ's cooperation staff about logistics tasks due within a week and not done.

    The items are claimed (``sending.claim`` on ``reminded_at``) in the transaction
    that writes the notifications: a second run, or a second worker, sends nothing
    again. Returns how many items were sent.
    """
    from cooperation.permissions import cooperation_staff

    staff = list(cooperation_staff())

    def tell(item):
        for user in staff:
            notify(
                user,
                event_key=f"checklist-{item.pk}-due-{item.due_on:%Y%m%d}",
                subject=format_lazy(
                    _("Due {day}: {task} for {trainee}"),
                    day=day_lazy(item.due_on),
                    task=item.get_kind_display(),
                    trainee=item.trainee.full_name,
                ),
                body=_("A trainee's logistics task is due within a week and not yet done."),
                url=reverse_lazy("cooperation:trainee_detail", args=[item.trainee_id]),
            )

    return checklists.remind_due(
        ChecklistItem.objects.select_related("trainee"),
        tell,
        today=today,
        within_days=within_days,
    )


@transaction.atomic
def place_trainee(trainee: Trainee, offer: HostOffer, *, starts_on, ends_on, arrives_on):
    """Assign the host and plan the timeline together: both happen or neither does."""
    assignment = assign_host(trainee, offer, starts_on=starts_on, ends_on=ends_on)
    plan_timeline(trainee, arrives_on=arrives_on)
    return assignment


@transaction.atomic
def record_final_report(trainee: Trainee, *, report: str, received_on) -> Trainee:
    """Record the trainee's final report; the trainee has then completed the programme."""
    if not report.strip():
        raise CooperationError(_("The final report is empty."))
    if trainee.selection not in (Trainee.Selection.SELECTED, Trainee.Selection.COMPLETED):
        raise CooperationError(_("Only a selected trainee hands in a final report."))
    trainee.final_report = report
    trainee.final_report_received_on = received_on
    trainee.selection = Trainee.Selection.COMPLETED
    trainee.save(update_fields=["final_report", "final_report_received_on", "selection"])
    return trainee


def statistics(programme) -> dict:
    """Trainees of one programme by country, field and host: five queries whatever the size."""
    trainees = Trainee.objects.filter(programme=programme).exclude(
        selection__in=[Trainee.Selection.NOT_SELECTED, Trainee.Selection.WITHDRAWN]
    )
    by_country = [
        {"country_name": Country(row["country"]).name, "n": row["n"]}
        for row in trainees.values("country").annotate(n=Count("pk")).order_by("-n", "country")
    ]
    counts = list(trainees.values("field").annotate(n=Count("pk")).order_by("-n", "field"))
    names = Field.objects.in_bulk([row["field"] for row in counts])
    by_field = [{"field": names[row["field"]], "n": row["n"]} for row in counts]
    hosts = (
        trainees.filter(assignment__isnull=False)
        .values("assignment__host_government")
        .annotate(n=Count("pk"))
        .order_by("-n", "assignment__host_government")
    )
    by_host = [{"host": row["assignment__host_government"], "n": row["n"]} for row in hosts]
    governments = LocalGovernment.objects.with_prefecture().in_bulk([r["host"] for r in by_host])
    for row in by_host:
        row["name"] = str(governments[row["host"]])
    return {"by_country": by_country, "by_field": by_field, "by_host": by_host}
