"""Seminars for officials abroad: public applications confirmed by e-mail, routed to the
overseas office responsible for the applicant's country, endorsed or declined there,
selected by HQ within the places, and the selected participants' programme and
logistics checklist.

The applicants have no account: their e-mails are rendered in their language and
sent by tasks through ``clair_portal.notifications.sending`` (each once). Places are
given under the course's lock (``clair_portal.capacity``), as for officers' courses.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal import capacity, checklists
from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.accounts.roles import is_hq
from clair_portal.dates import day_lazy
from clair_portal.notifications.sending import email, link, send_once
from clair_portal.notifications.services import notify
from clair_portal.outbox.services import enqueue
from offices.models import Office, OfficeMembership
from training.models import Course, OverseasApplication, ParticipantTask
from training.models.abroad import new_token
from training.services import TrainingError, require_hq

State = OverseasApplication.State

# Days before the seminar's first day each logistics task is due.
LEAD_DAYS = {
    ParticipantTask.Kind.VISA: 45,
    ParticipantTask.Kind.FLIGHTS: 30,
    ParticipantTask.Kind.ACCOMMODATION: 21,
    ParticipantTask.Kind.INSURANCE: 14,
}


# --- Who may -------------------------------------------------------------------------


def office_of(user) -> Office | None:
    if not roles.has_role(user, roles.OFFICE_STAFF):
        return None
    return OfficeMembership.objects.office_of(user)


def visible_to(user):
    """HQ: every confirmed application; an office's staff: those routed to their office."""
    confirmed = OverseasApplication.objects.exclude(state=State.UNCONFIRMED)
    if is_hq(user):
        return confirmed
    office = office_of(user)
    if office is None:
        return confirmed.none()
    return confirmed.filter(office=office)


def get_for_user(user, pk: int) -> OverseasApplication:
    """The application if ``user`` is HQ or staff of the office it was routed to, else 404."""
    return get_object_or_404(visible_to(user).with_related(), pk=pk)


def responsible_office(country_code: str) -> Office | None:
    """The overseas office whose countries of responsibility include ``country_code``."""
    return Office.objects.filter(countries__contains=country_code).order_by("sort_order").first()


def office_staff(application):
    """The active staff of the office the application was routed to (none: no office)."""
    if application.office_id is None:
        return User.objects.none()
    return User.objects.filter(is_active=True, office_membership__office_id=application.office_id)


def answered_by_hq(application) -> bool:
    """HQ answers for the office where no office covers the country, or the office has
    nobody on the portal."""
    return not office_staff(application).exists()


def may_answer(user, application) -> bool:
    """Whether ``user`` gives the office's answer on ``application``."""
    if answered_by_hq(application):
        return is_hq(user)
    return office_of(user) == application.office


def deciders_of(application):
    """Who answers first: the responsible office's staff, else HQ."""
    staff = list(office_staff(application))
    return staff or hq_staff()


def hq_staff():
    return list(User.objects.filter(is_active=True, groups__name=roles.HQ_STAFF).distinct())


def _url(application):
    return reverse_lazy("training:overseas_application", kwargs={"pk": application.pk})


# --- Applying and confirming -------------------------------------------------------


def get_seminar(course_id: int) -> Course:
    """A published seminar for officials abroad, else 404."""
    return get_object_or_404(
        Course.objects.published().filter(audience=Course.Audience.ABROAD), pk=course_id
    )


@transaction.atomic
def submit(course_id: int, data: dict, *, language: str) -> OverseasApplication:
    """Record an application, unconfirmed, and send the confirmation link after commit.

    ``data`` holds the model's fields as the form cleaned them. The seminar must be
    taking applications.
    """
    course = get_seminar(course_id)
    if not course.is_open():
        raise TrainingError(_("This seminar is not taking applications."))
    application = OverseasApplication(course=course, **data, language=language)
    application.full_clean()
    application.save()
    from training.tasks import send_confirmation

    enqueue(send_confirmation, application.pk)
    return application


def get_by_token(token: str) -> OverseasApplication:
    application = OverseasApplication.objects.select_related("course").filter(token=token).first()
    if application is None:
        raise Http404
    return application


@transaction.atomic
def confirm(token: str) -> OverseasApplication:
    """The applicant followed the link: the application goes to the office responsible for
    their country (HQ where none is), whose staff are told. Confirming twice changes
    nothing the second time."""
    application = OverseasApplication.objects.select_for_update().filter(token=token).first()
    if application is None:
        raise Http404
    if application.state != State.UNCONFIRMED:
        return application
    application.state = State.AT_OFFICE
    application.confirmed_at = timezone.now()
    application.office = responsible_office(application.country.code)
    application.save(update_fields=["state", "confirmed_at", "office"])
    for user in deciders_of(application):
        notify(
            user,
            event_key=f"seminar-application-{application.pk}-received",
            subject=format_lazy(
                _("A seminar application to answer: {seminar}"), seminar=application.course.title
            ),
            body=format_lazy(
                _("{name} ({government}) applies for “{seminar}”."),
                name=application.full_name,
                government=application.local_government,
                seminar=application.course.title,
            ),
            url=_url(application),
        )
    return application


# --- The office's answer, HQ's decision ------------------------------------------------


def endorse(user, pk: int, *, endorsed: bool, comment: str = "") -> OverseasApplication:
    """The responsible office endorses (HQ then decides) or declines, with a reason.

    Preconditions: ``user`` is staff of the office the application was routed to
    (or HQ, where no office answers: ``answered_by_hq``); the application waits for it.
    """
    application = get_for_user(user, pk)
    if not may_answer(user, application):
        raise Http404("Not the responsible office.")
    if not endorsed and not comment.strip():
        raise TrainingError(_("Give the applicant a reason."), field="comment")
    with transaction.atomic():
        application = OverseasApplication.objects.select_for_update().get(pk=pk)
        if application.state != State.AT_OFFICE:
            raise TrainingError(_("This application has already been answered."))
        application.state = State.ENDORSED if endorsed else State.NOT_ENDORSED
        application.endorsed_by = user
        application.endorsed_at = timezone.now()
        application.endorsement_comment = comment.strip()
        application.save()
        if endorsed:
            for staff in hq_staff():
                notify(
                    staff,
                    event_key=f"seminar-application-{application.pk}-endorsed",
                    subject=format_lazy(
                        _("A seminar application to decide: {seminar}"),
                        seminar=application.course.title,
                    ),
                    body=format_lazy(
                        _("{office} has endorsed {name}'s application."),
                        office=application.office or _("CLAIR"),
                        name=application.full_name,
                    ),
                    url=_url(application),
                )
        else:
            _tell(application)
        return application


def _selected(course):
    return OverseasApplication.objects.filter(course=course, state=State.SELECTED)


def places_left(course) -> int:
    return capacity.seats_left(course.capacity, _selected(course))


def select(user, pk: int, *, comment: str = "") -> OverseasApplication:
    """HQ selects an endorsed application: a place if one is left (with the programme and
    checklist), else the waiting list. The course is locked before its places are counted."""
    require_hq(user)
    with transaction.atomic():
        course_id = (
            OverseasApplication.objects.filter(pk=pk).values_list("course_id", flat=True).first()
        )
        if course_id is None:
            raise Http404("No such application.")
        course = capacity.lock(Course, course_id)
        application = OverseasApplication.objects.select_for_update().get(pk=pk)
        if application.state != State.ENDORSED:
            raise TrainingError(_("Only an application endorsed by its office can be selected."))
        application.decided_by = user
        application.decided_at = timezone.now()
        application.decision_comment = comment.strip()
        if places_left(course) > 0:
            _give_place(application, course)
        else:
            application.state = State.WAITING
            application.waiting_since = timezone.now()
            application.save()
            _tell(application)
        return application


def _give_place(application, course):
    application.state = State.SELECTED
    application.participant_token = new_token()
    application.save()
    checklists.plan(
        ParticipantTask, {"application": application}, anchor=course.starts_on, lead_days=LEAD_DAYS
    )
    _tell(application)


def decline(user, pk: int, *, comment: str) -> OverseasApplication:
    """HQ does not select an endorsed or waiting application, with a reason."""
    require_hq(user)
    if not comment.strip():
        raise TrainingError(_("Give the applicant a reason."), field="comment")
    with transaction.atomic():
        application = get_object_or_404(OverseasApplication.objects.select_for_update(), pk=pk)
        if application.state not in OverseasApplication.DECIDABLE:
            raise TrainingError(_("Only an application waiting for CLAIR can be declined."))
        application.state = State.NOT_SELECTED
        application.decided_by = user
        application.decided_at = timezone.now()
        application.decision_comment = comment.strip()
        application.save()
        _tell(application)
        return application


def cancel_place(user, pk: int, *, comment: str) -> OverseasApplication:
    """HQ cancels a selected participant's place (they cannot come); the first on the
    waiting list gets it. The participant's link dies with the place."""
    require_hq(user)
    if not comment.strip():
        raise TrainingError(_("Give the applicant a reason."), field="comment")
    with transaction.atomic():
        course_id = get_object_or_404(OverseasApplication, pk=pk).course_id
        course = capacity.lock(Course, course_id)
        application = OverseasApplication.objects.select_for_update().get(pk=pk)
        if application.state != State.SELECTED:
            raise TrainingError(_("Only a selected participant's place can be cancelled."))
        application.state = State.NOT_SELECTED
        application.participant_token = None
        application.decision_comment = comment.strip()
        application.save()
        ParticipantTask.objects.filter(application=application, done_on__isnull=True).delete()
        _tell(application)
        promote(course)
        return application


def promote(course) -> list[OverseasApplication]:
    """Give the places left on ``course`` to its waiting list, in order (under its lock)."""
    promoted = capacity.first_waiting(
        OverseasApplication.objects.filter(course=course, state=State.WAITING),
        places_left(course),
        joined="waiting_since",
    )
    for application in promoted:
        _give_place(application, course)
    return promoted


# --- Logistics ------------------------------------------------------------------------


def mark_done(user, pk: int, task_id: int, *, done: bool = True) -> ParticipantTask:
    """HQ marks a participant's logistics task done (today) or open again."""
    require_hq(user)
    application = get_for_user(user, pk)
    with transaction.atomic():
        task = get_object_or_404(
            ParticipantTask.objects.select_for_update(), pk=task_id, application=application
        )
        task.done_on = timezone.localdate() if done else None
        task.save(update_fields=["done_on"])
        return task


def remind_tasks(today=None) -> int:
    """Tell HQ about participants' logistics tasks due within a week and not done, once."""
    staff = hq_staff()

    def tell(task):
        for user in staff:
            notify(
                user,
                event_key=f"participant-task-{task.pk}-due-{task.due_on:%Y%m%d}",
                subject=format_lazy(
                    _("Due {day}: {task} for {name}"),
                    day=day_lazy(task.due_on),
                    task=task.get_kind_display(),
                    name=task.application.full_name,
                ),
                body=format_lazy(
                    _("A logistics task for a participant in “{seminar}” is due within a week."),
                    seminar=task.application.course.title,
                ),
                url=_url(task.application),
            )

    return checklists.remind_due(
        ParticipantTask.objects.filter(application__state=State.SELECTED).select_related(
            "application__course"
        ),
        tell,
        today=today,
    )


def get_participant(token: str) -> OverseasApplication:
    """The selected participant of this link, else 404 (a link dies with the place)."""
    application = (
        OverseasApplication.objects.select_related("course")
        .filter(participant_token=token, state=State.SELECTED)
        .first()
    )
    if application is None:
        raise Http404
    return application


# --- E-mails ---------------------------------------------------------------------------


def _tell(application):
    """E-mail the applicant the state their application reached (after commit, once)."""
    OverseasApplication.objects.filter(pk=application.pk).update(decision_sent_at=None)
    from training.tasks import send_decision

    enqueue(send_decision, application.pk, application.state)


def email_confirmation(pk: int) -> bool:
    return (
        send_once(
            OverseasApplication.objects.filter(pk=pk, state=State.UNCONFIRMED),
            "confirmation_sent_at",
            lambda a: email(
                a.email,
                a.language,
                "training/email/confirm.txt",
                {
                    "application": a,
                    "link": link(a.language, "training:seminar_confirm", token=a.token),
                },
            ),
            task="training.tasks.send_confirmation",
        )
        == 1
    )


def email_decision(pk: int, state: str) -> bool:
    """Tell the applicant the state ``state``; nothing if told already, or if another state
    has replaced it since."""
    return (
        send_once(
            OverseasApplication.objects.filter(pk=pk, state=state).select_related("course"),
            "decision_sent_at",
            lambda a: email(
                a.email,
                a.language,
                "training/email/decision.txt",
                {
                    "application": a,
                    "link": (
                        link(a.language, "training:participant", token=a.participant_token)
                        if a.state == State.SELECTED
                        else ""
                    ),
                },
            ),
            task="training.tasks.send_decision",
            args=(state,),
        )
        == 1
    )
