"""The offices' desk: a local government asks an office for help; the office answers it.

Who may read and answer which request is ``offices.services.desk_access`` (re-exported
here). Every change of a request's state is a function here, in ``transaction.atomic()``, with
the request's row locked before its state is checked; it records a ``RequestEvent``,
tells the other side (``notify``, in each recipient's language, after commit) and raises
``DeskError`` with a translated message when the change is not allowed.

The clock: a first answer (accepted or declined) is due at the end of the
``FIRST_ANSWER_DAYS``-th working day of the answering office after the request arrives
(``offices.workdays``). Asking for more information stops the clock: the working days
already used are kept, and when the local government answers, the ones left start
again from the day after.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal.notifications.services import notify
from clair_portal.organisations.access import require_organisation
from clair_portal.security.uploads import UploadValidator, sanitise_filename, sniff
from offices.models import (
    FIRST_ANSWER_DAYS,
    AssistanceRequest,
    Meeting,
    RequestAttachment,
    RequestEvent,
)

# Re-exported: the views read and route through ``desk``.
from offices.services.desk_access import (  # noqa: F401
    DeskError,
    desk_of,
    desk_staff,
    get_attachment_for_user,
    get_request_for_desk,
    get_request_for_officer,
    get_request_for_user,
    headquarters,
    office_for,
    officers_of,
    queue_of,
    requests_of,
    require_desk,
    visible_to,
)
from offices.workdays import calendar_of

State = AssistanceRequest.State
Action = RequestEvent.Action
Part = RequestAttachment.Part

# The fields the officer's form fills.
FIELDS = ("kind", "country", "city", "start_date", "end_date", "delegation_size", "purpose")
# Most files one request holds, all parts together.
MAX_ATTACHMENTS = 10


# --- The local government's side ---------------------------------------------------------


def _check(request: AssistanceRequest) -> None:
    try:
        request.full_clean(exclude=["organisation", "created_by", "office"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DeskError(messages[0], field=None if field == "__all__" else field) from error
    if request.end_date < request.start_date:
        raise DeskError(_("The last day cannot come before the first."), field="end_date")


def _event(request, action, user, at, comment="") -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, action=action, actor=user, at=at, comment=comment
    )


def _attach(request, user, upload, part, at) -> RequestAttachment:
    """Store one upload, refused with a message if the validator or the count says no."""
    try:
        UploadValidator()(upload)
    except ValidationError as error:
        raise DeskError(" ".join(error.messages), field="attachments") from error
    if request.attachments.count() >= MAX_ATTACHMENTS:
        raise DeskError(
            _("A request holds at most %(count)d files.") % {"count": MAX_ATTACHMENTS},
            field="attachments",
        )
    attachment = RequestAttachment(
        request=request,
        part=part,
        filename=sanitise_filename(upload.name),
        content_type=sniff(upload),
        size=upload.size,
        uploaded_by=user,
        uploaded_at=at,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def create_request(user, data: dict, uploads=()) -> AssistanceRequest:
    """A draft of the officer's organisation, routed (for now) by its country.

    Preconditions: ``user`` is an organisation's officer (else 404); ``data`` holds
    ``FIELDS`` as the form cleaned them; ``uploads`` pass the upload validator. The
    draft goes nowhere until ``submit_request``; the check-your-answers page shows it.
    """
    organisation = require_organisation(user)
    now = timezone.now()
    request = AssistanceRequest(
        **{name: data[name] for name in FIELDS},
        organisation=organisation,
        created_by=user,
        language=user.language or "ja",
        office=office_for(data["country"]),
        created_at=now,
    )
    _check(request)
    request.save()
    for upload in uploads:
        _attach(request, user, upload, Part.REQUEST, now)
    return request


@transaction.atomic
def change_request(user, pk: int, data: dict, uploads=()) -> AssistanceRequest:
    """Change a draft's answers (and add files); the route follows the country."""
    request = get_request_for_officer(user, pk, lock=True)
    if not request.is_editable:
        raise DeskError(_("Only a draft can be changed; this request has been sent."))
    for name in FIELDS:
        setattr(request, name, data[name])
    request.office = office_for(request.country)
    _check(request)
    request.save()
    now = timezone.now()
    for upload in uploads:
        _attach(request, user, upload, Part.REQUEST, now)
    return request


@transaction.atomic
def remove_attachment(user, pk: int, attachment_id: int) -> None:
    """Take a file off a draft."""
    request = get_request_for_officer(user, pk, lock=True)
    if not request.is_editable:
        raise DeskError(_("Files can be removed only while the request is a draft."))
    attachment = get_object_or_404(request.attachments.all(), pk=attachment_id)
    attachment.file.delete(save=False)
    attachment.delete()


def _start_clock(request: AssistanceRequest, now: datetime, days: int) -> None:
    calendar = calendar_of(request.office)
    request.clock_started_at = now
    request.clock_stopped_at = None
    request.days_left = days
    request.due_at = calendar.due_after(now, days)
    # The reminder: when the last working day begins on the office's clock.
    request.remind_at = calendar.start_of(request.due_at.astimezone(calendar.zone).date())


@transaction.atomic
def submit_request(user, pk: int, now: datetime | None = None) -> AssistanceRequest:
    """Send a draft to the office responsible for its country (headquarters when none).

    The office's clock starts: the first answer is due at the end of its third working
    day after today (its own holidays, weekends and zone). Its staff are told.
    """
    now = now or timezone.now()
    request = get_request_for_officer(user, pk, lock=True)
    if request.state != State.DRAFT:
        raise DeskError(_("This request has already been sent."))
    request.office = office_for(request.country)
    _check(request)
    request.state = State.SUBMITTED
    request.submitted_at = now
    _start_clock(request, now, FIRST_ANSWER_DAYS)
    request.save()
    _event(request, Action.SUBMITTED, user, now)
    _tell_desk(
        request,
        "submitted",
        format_lazy(_("New request for help: {reference}"), reference=request.reference),
        format_lazy(
            _(
                "{organisation} asks for help in {city}. A first answer is due within {days} "
                "working days."
            ),
            organisation=str(request.organisation),
            city=request.city,
            days=FIRST_ANSWER_DAYS,
        ),
    )
    return request


@transaction.atomic
def answer_information(
    user, pk: int, answer: str, uploads=(), now: datetime | None = None
) -> AssistanceRequest:
    """The local government answers the office's question: the request goes back to the
    office and its clock starts again with the working days it had left."""
    now = now or timezone.now()
    request = get_request_for_officer(user, pk, lock=True)
    if request.state != State.INFO_REQUESTED:
        raise DeskError(_("The office has not asked for more information."))
    if not answer.strip():
        raise DeskError(_("Write your answer to the office."), field="answer")
    stopped = request.clock_stopped_at or now
    request.paused_seconds += max(int((now - stopped).total_seconds()), 0)
    request.state = State.SUBMITTED
    _start_clock(request, now, request.days_left)
    request.save()
    for upload in uploads:
        _attach(request, user, upload, Part.ANSWER, now)
    _event(request, Action.ANSWERED, user, now, answer.strip())
    _tell_desk(
        request,
        f"answered-{int(now.timestamp())}",
        format_lazy(_("The local government answered: {reference}"), reference=request.reference),
        answer.strip(),
    )
    return request


@transaction.atomic
def rate_request(user, pk: int, rating: int, comment: str = "") -> AssistanceRequest:
    """The local government rates the help of a completed request, once (1 to 5)."""
    request = get_request_for_officer(user, pk, lock=True)
    if request.state != State.COMPLETED:
        raise DeskError(_("Only completed requests can be rated."))
    if request.rated_at:
        raise DeskError(_("This request has already been rated."))
    if rating not in range(1, 6):
        raise DeskError(_("Choose a rating from 1 to 5."), field="rating")
    now = timezone.now()
    request.rating, request.rating_comment, request.rated_at = rating, comment.strip(), now
    request.save()
    _event(request, Action.RATED, user, now, comment.strip())
    _tell_desk(
        request,
        "rated",
        format_lazy(
            _("Rated {rating} out of 5: {reference}"), rating=rating, reference=request.reference
        ),
        comment.strip() or request.city,
    )
    return request


# --- The office's side ---------------------------------------------------------------


def _answering(user, pk: int, *allowed) -> AssistanceRequest:
    request = get_request_for_desk(user, pk, lock=True)
    if request.state not in allowed:
        raise DeskError(
            _("This request is %(state)s: that cannot be done now.")
            % {"state": request.get_state_display()}
        )
    return request


def _first_answer(request: AssistanceRequest, now: datetime) -> None:
    # The deadline stays, so that HQ sees whether the answer came in time.
    request.first_answered_at = request.first_answered_at or now
    request.remind_at = None


@transaction.atomic
def accept_request(user, pk: int, comment: str = "", now: datetime | None = None):
    """The office takes the request on: its first answer. Unassigned, it is the acceptor's."""
    now = now or timezone.now()
    request = _answering(user, pk, State.SUBMITTED)
    request.state = State.ACCEPTED
    _first_answer(request, now)
    request.assigned_to = request.assigned_to or user
    request.save()
    _event(request, Action.ACCEPTED, user, now, comment.strip())
    _tell_local_government(
        request,
        "accepted",
        format_lazy(
            _("{office} has accepted your request {reference}"),
            office=_lazy_office(request),
            reference=request.reference,
        ),
        comment.strip() or _("The office will keep you informed on the request's page."),
    )
    return request


@transaction.atomic
def decline_request(user, pk: int, reason: str, now: datetime | None = None):
    """The office declines, saying why (a request waiting for it or for more information)."""
    now = now or timezone.now()
    if not reason.strip():
        raise DeskError(_("Say why the request is declined."), field="reason")
    request = _answering(user, pk, State.SUBMITTED, State.INFO_REQUESTED)
    if request.state == State.INFO_REQUESTED and request.clock_stopped_at:
        request.paused_seconds += max(int((now - request.clock_stopped_at).total_seconds()), 0)
    request.state = State.DECLINED
    request.decline_reason = reason.strip()
    request.clock_stopped_at = None
    _first_answer(request, now)
    request.save()
    _event(request, Action.DECLINED, user, now, reason.strip())
    _tell_local_government(
        request,
        "declined",
        format_lazy(
            _("{office} cannot take on your request {reference}"),
            office=_lazy_office(request),
            reference=request.reference,
        ),
        reason.strip(),
    )
    return request


@transaction.atomic
def ask_for_information(user, pk: int, question: str, now: datetime | None = None):
    """The office asks the local government for more: the request goes back to it and the
    clock stops, keeping the working days not yet used."""
    now = now or timezone.now()
    if not question.strip():
        raise DeskError(_("Write what the office needs to know."), field="question")
    request = _answering(user, pk, State.SUBMITTED)
    calendar = calendar_of(request.office)
    used = calendar.working_days_between(
        calendar.local_date(request.clock_started_at or now), calendar.local_date(now)
    )
    request.days_left = max(request.days_left - used, 0)
    request.state = State.INFO_REQUESTED
    request.clock_stopped_at = now
    request.due_at = None
    request.remind_at = None
    request.save()
    _event(request, Action.ASKED, user, now, question.strip())
    _tell_local_government(
        request,
        f"asked-{int(now.timestamp())}",
        format_lazy(
            _("{office} needs more information: {reference}"),
            office=_lazy_office(request),
            reference=request.reference,
        ),
        question.strip(),
    )
    return request


@transaction.atomic
def assign_request(user, pk: int, assignee) -> AssistanceRequest:
    """Give the request to one of the desk's staff (or to nobody, with ``None``)."""
    request = _answering(user, pk, State.SUBMITTED, State.INFO_REQUESTED, State.ACCEPTED)
    if assignee is not None and not desk_staff(request.office).filter(pk=assignee.pk).exists():
        raise DeskError(_("Choose a member of this office's staff."), field="assignee")
    request.assigned_to = assignee
    request.save()
    now = timezone.now()
    _event(
        request,
        Action.ASSIGNED,
        user,
        now,
        assignee.full_name or assignee.email if assignee else "",
    )
    if assignee is not None and assignee.pk != user.pk:
        notify(
            assignee,
            event_key=f"assistance-request-{request.pk}-assigned-{int(now.timestamp())}",
            subject=format_lazy(
                _("A request for help is yours: {reference}"), reference=request.reference
            ),
            body=format_lazy(
                _("{organisation}: {city}"),
                organisation=str(request.organisation),
                city=request.city,
            ),
            url=reverse_lazy("offices:request-detail", kwargs={"pk": request.pk}),
        )
    return request


@transaction.atomic
def record_meeting(
    user,
    pk: int,
    *,
    counterpart: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    notes: str = "",
) -> Meeting:
    """A meeting the office arranged for an accepted request."""
    request = _answering(user, pk, State.ACCEPTED)
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("meeting times must be aware")
    if ends_at <= starts_at:
        raise DeskError(_("The meeting must end after it starts."), field="end_time")
    meeting = Meeting.objects.create(
        request=request,
        counterpart=counterpart.strip(),
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        notes=notes.strip(),
        recorded_by=user,
    )
    request.save(update_fields=["updated_at"])
    _event(request, Action.MEETING, user, timezone.now(), counterpart.strip())
    _tell_local_government(
        request,
        f"meeting-{meeting.pk}",
        format_lazy(_("A meeting has been arranged: {reference}"), reference=request.reference),
        format_lazy(
            _("With {counterpart}, {place}."), counterpart=meeting.counterpart, place=meeting.place
        ),
    )
    return meeting


@transaction.atomic
def complete_request(user, pk: int, summary: str, uploads=(), now: datetime | None = None):
    """The office finishes an accepted request with a summary (and files); the local
    government is asked to rate the help."""
    now = now or timezone.now()
    if not summary.strip():
        raise DeskError(_("Write a summary of what the office did."), field="summary")
    request = _answering(user, pk, State.ACCEPTED)
    request.state = State.COMPLETED
    request.summary = summary.strip()
    request.completed_at = now
    request.save()
    for upload in uploads:
        _attach(request, user, upload, Part.OUTCOME, now)
    _event(request, Action.COMPLETED, user, now)
    _tell_local_government(
        request,
        "completed",
        format_lazy(
            _("{office} has completed your request {reference}"),
            office=_lazy_office(request),
            reference=request.reference,
        ),
        _("Read the office's summary, and tell CLAIR how helpful it was."),
    )
    return request


# --- Telling people -------------------------------------------------------------------


def _lazy_office(request: AssistanceRequest):
    from django.utils.functional import lazy

    office = request.office
    return lazy(lambda: office.name, str)()


def _tell_desk(request, event: str, subject, body) -> None:
    """The request's assignee, or the whole desk while nobody has it."""
    url = reverse_lazy("offices:request-detail", kwargs={"pk": request.pk})
    assignee = request.assigned_to
    if assignee is not None and assignee.is_active:
        recipients = [assignee]
    else:
        recipients = list(desk_staff(request.office))
    for user in recipients:
        notify(
            user,
            event_key=f"assistance-request-{request.pk}-{event}",
            subject=subject,
            body=body,
            url=url,
        )


def _tell_local_government(request, event: str, subject, body) -> None:
    url = reverse_lazy("offices:request-detail", kwargs={"pk": request.pk})
    for user in officers_of(request.organisation):
        notify(
            user,
            event_key=f"assistance-request-{request.pk}-{event}",
            subject=subject,
            body=body,
            url=url,
        )


# --- Figures both sides use ------------------------------------------------------------


def time_left(request: AssistanceRequest, now: datetime | None = None) -> timedelta | None:
    if request.state != State.SUBMITTED or request.due_at is None:
        return None
    return request.due_at - (now or timezone.now())
