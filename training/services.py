"""Applying for courses, endorsing, selecting within capacity, the waiting list.

Every function here is the one door for its change: views, admin forms and tests
call it. Places are given under the course's lock (``clair_portal.capacity``):
the course row is locked before its selected applications are counted, and
always before any application row, so concurrent selections never overbook a
course and never deadlock.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clair_portal import capacity
from clair_portal.accounts.roles import is_hq
from clair_portal.dates import day_lazy
from clair_portal.errors import DomainError
from clair_portal.notifications.services import notify
from clair_portal.organisations.access import membership_of, organisation_of
from clair_portal.organisations.models import Membership
from training.models import Application, Approver, Course


class TrainingError(DomainError):
    """A refused training operation; ``field`` names the form field at fault, if any."""


# --- Who may -------------------------------------------------------------------------


def require_hq(user) -> None:
    if not is_hq(user):
        raise Http404("Not HQ.")


def require_officer(user):
    """The user's organisation, else 404."""
    organisation = organisation_of(user)
    if organisation is None:
        raise Http404("Not an officer.")
    return organisation


def is_approver(user) -> bool:
    """Whether ``user`` endorses their organisation's applications (read once per request)."""
    membership = membership_of(user)
    if membership is None:
        return False
    if not hasattr(user, "_training_approver"):
        user._training_approver = Approver.objects.filter(
            membership=membership, is_active=True
        ).exists()
    return user._training_approver


def approvers_of(organisation):
    """The active approvers' accounts of ``organisation``."""
    return [
        a.membership.user
        for a in Approver.objects.filter(
            is_active=True,
            membership__is_active=True,
            membership__user__is_active=True,
            membership__organisation=organisation,
        ).select_related("membership__user")
    ]


def colleagues_for_nomination(organisation):
    """The organisation's active officers, for the nomination form."""
    return (
        Membership.objects.active()
        .of(organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def visible_applications(user):
    """The applications ``user`` may read: HQ all; an approver their organisation's;
    an officer the ones they made or are the applicant of; anyone else none."""
    applications = Application.objects.all()
    if is_hq(user):
        return applications
    organisation = organisation_of(user)
    if organisation is None:
        return applications.none()
    applications = applications.filter(organisation=organisation)
    if is_approver(user):
        return applications
    return applications.filter(applicant=user) | applications.filter(nominated_by=user)


def get_application_for_user(user, application_id: int) -> Application:
    """The application if ``user`` may read it, else 404."""
    return get_object_or_404(visible_applications(user).with_related(), pk=application_id)


def get_course(course_id: int, *, user=None) -> Course:
    """A published course (HQ sees unpublished ones too), else 404."""
    courses = (
        Course.objects.all() if user is not None and is_hq(user) else Course.objects.published()
    )
    return get_object_or_404(courses, pk=course_id)


# --- Telling people ------------------------------------------------------------------


def _url(application):
    return reverse_lazy("training:application", kwargs={"pk": application.pk})


def _tell(users, application, *, event, subject, body):
    for user in {u.pk: u for u in users if u is not None}.values():
        notify(user, event_key=event, subject=subject, body=body, url=_url(application))


def _tell_applicant(application, *, event, subject, body):
    """The applicant, and the colleague who nominated them."""
    _tell(
        [application.applicant, application.nominated_by],
        application,
        event=f"training-application-{application.pk}-{event}",
        subject=subject,
        body=body,
    )


# --- Applying and endorsing --------------------------------------------------------


def apply(user, course_id: int, *, applicant=None, motivation: str) -> Application:
    """An officer applies for a course, for themselves or for a colleague (``applicant``).

    Preconditions: ``user`` is an active officer; the course is published, for
    officials of Japanese bodies and taking applications; ``applicant`` is an active
    officer of the same organisation with no live application for the course. An
    approver's application is endorsed at once (they are the one who endorses);
    otherwise the organisation's approvers are told.
    """
    organisation = require_officer(user)
    applicant = applicant or user
    if not motivation.strip():
        raise TrainingError(_("Say what the applicant will bring back."), field="motivation")
    with transaction.atomic():
        course = capacity.lock(Course, get_course(course_id).pk)
        if course.for_abroad:
            raise TrainingError(_("This seminar takes applications from officials abroad only."))
        if not course.is_open():
            raise TrainingError(_("This course is not taking applications."))
        if (
            not Membership.objects.active()
            .filter(user=applicant, organisation=organisation)
            .exists()
        ):
            raise TrainingError(
                _("Only a colleague of your own organisation can be nominated."), field="applicant"
            )
        if Application.objects.live().filter(course=course, applicant=applicant).exists():
            raise TrainingError(
                _("There is already an application for this person on this course."),
                field="applicant",
            )
        application = Application(
            course=course,
            applicant=applicant,
            organisation=organisation,
            nominated_by=user,
            motivation=motivation.strip(),
        )
        if is_approver(user):
            application.state = Application.State.ENDORSED
            application.endorsed_by = user
            application.endorsed_at = timezone.now()
        application.save()
        if applicant != user:
            notify(
                applicant,
                event_key=f"training-application-{application.pk}-nominated",
                subject=format_lazy(_("You have been nominated for {course}"), course=course.title),
                body=format_lazy(
                    _("{colleague} has nominated you for “{course}”."),
                    colleague=user.full_name or user.email,
                    course=course.title,
                ),
                url=_url(application),
            )
        if application.state == Application.State.PENDING:
            _tell(
                approvers_of(organisation),
                application,
                event=f"training-application-{application.pk}-to-endorse",
                subject=format_lazy(_("An application to endorse: {course}"), course=course.title),
                body=format_lazy(
                    _(
                        "{applicant} applies for “{course}”. Please endorse the application or decline it."
                    ),
                    applicant=applicant.full_name or applicant.email,
                    course=course.title,
                ),
            )
        return application


def endorse(user, application_id: int, *, endorsed: bool, comment: str = "") -> Application:
    """The organisation's approver endorses an application (it goes to CLAIR) or declines it.

    Preconditions: ``user`` is an active approver of the application's organisation;
    the application waits for the approver. A reason is required to decline.
    """
    if not is_approver(user):
        raise Http404("Not an approver.")
    if not endorsed and not comment.strip():
        raise TrainingError(_("Give the applicant a reason."), field="comment")
    with transaction.atomic():
        application = get_application_for_user(user, application_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.state != Application.State.PENDING:
            raise TrainingError(_("This application has already been answered."))
        application.state = (
            Application.State.ENDORSED if endorsed else Application.State.NOT_ENDORSED
        )
        application.endorsed_by = user
        application.endorsed_at = timezone.now()
        application.endorsement_comment = comment.strip()
        application.save()
        title = application.course.title
        _tell_applicant(
            application,
            event="endorsement",
            subject=format_lazy(_("Your organisation's answer: {course}"), course=title),
            body=(
                format_lazy(
                    _("Your application for “{course}” has been endorsed and sent to CLAIR."),
                    course=title,
                )
                if endorsed
                else format_lazy(
                    _("Your application for “{course}” was not endorsed: {reason}"),
                    course=title,
                    reason=application.endorsement_comment,
                )
            ),
        )
        return application


def withdraw(user, application_id: int) -> Application:
    """The applicant (or the colleague who nominated them) withdraws; a place freed goes
    to the first on the waiting list."""
    with transaction.atomic():
        application = get_application_for_user(user, application_id)
        if user.pk not in (application.applicant_id, application.nominated_by_id):
            raise Http404("Not the applicant.")
        course = capacity.lock(Course, application.course_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.is_live:
            raise TrainingError(_("This application has already been closed."))
        had_place = application.state == Application.State.SELECTED
        application.state = Application.State.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application.save()
        if had_place:
            promote(course)
        return application


# --- CLAIR's selection -------------------------------------------------------------


def _selected(course):
    return Application.objects.filter(course=course, state=Application.State.SELECTED)


def places_left(course) -> int:
    """How many places remain on ``course`` (exact only under the course's lock)."""
    return capacity.seats_left(course.capacity, _selected(course))


def select(user, application_id: int, *, comment: str = "") -> Application:
    """HQ selects an endorsed application: a place if one is left, else the waiting list.

    The course row is locked before its places are counted, so concurrent
    selections take the last places one after the other and never more.
    """
    require_hq(user)
    with transaction.atomic():
        course_id = (
            Application.objects.filter(pk=application_id)
            .values_list("course_id", flat=True)
            .first()
        )
        if course_id is None:
            raise Http404("No such application.")
        course = capacity.lock(Course, course_id)
        application = Application.objects.select_for_update().get(pk=application_id)
        if application.state != Application.State.ENDORSED:
            raise TrainingError(
                _("Only an endorsed application waiting for CLAIR can be selected.")
            )
        application.decided_by = user
        application.decided_at = timezone.now()
        application.decision_comment = comment.strip()
        if places_left(course) > 0:
            application.state = Application.State.SELECTED
            application.save()
            _tell_selected(application)
        else:
            application.state = Application.State.WAITING
            application.waiting_since = timezone.now()
            application.save()
            _tell_applicant(
                application,
                event="waiting",
                subject=format_lazy(_("On the waiting list: {course}"), course=course.title),
                body=format_lazy(
                    _(
                        "“{course}” is full. You are on its waiting list and will be told "
                        "at once if a place becomes free."
                    ),
                    course=course.title,
                ),
            )
        return application


def _tell_selected(application):
    _tell_applicant(
        application,
        event="selected",
        subject=format_lazy(_("Selected: {course}"), course=application.course.title),
        body=format_lazy(
            _("You have a place on “{course}”, from {start} to {end}."),
            course=application.course.title,
            start=day_lazy(application.course.starts_on),
            end=day_lazy(application.course.ends_on),
        ),
    )


def decline(user, application_id: int, *, comment: str) -> Application:
    """HQ does not select an endorsed or waiting application, with a reason."""
    require_hq(user)
    if not comment.strip():
        raise TrainingError(_("Give the applicant a reason."), field="comment")
    with transaction.atomic():
        application = get_object_or_404(Application.objects.select_for_update(), pk=application_id)
        if application.state not in Application.DECIDABLE:
            raise TrainingError(_("Only an application waiting for CLAIR can be declined."))
        application.state = Application.State.NOT_SELECTED
        application.decided_by = user
        application.decided_at = timezone.now()
        application.decision_comment = comment.strip()
        application.save()
        _tell_applicant(
            application,
            event="not-selected",
            subject=format_lazy(_("Not selected: {course}"), course=application.course.title),
            body=format_lazy(
                _("CLAIR could not offer you a place on “{course}”: {reason}"),
                course=application.course.title,
                reason=application.decision_comment,
            ),
        )
        return application


def promote(course) -> list[Application]:
    """Give the places left on ``course`` to the waiting list, first come first served.

    Precondition: the caller's transaction holds the course's lock (``capacity.lock``).
    """
    promoted = capacity.first_waiting(
        Application.objects.filter(course=course, state=Application.State.WAITING),
        places_left(course),
        joined="waiting_since",
    )
    for application in promoted:
        application.state = Application.State.SELECTED
        application.save(update_fields=["state"])
        _tell_selected(application)
    return promoted


def save_course(user, course: Course) -> Course:
    """Save a course as HQ entered it, under the lock selections take.

    Fewer places than are already given is refused; more places go to the
    waiting list at once, in order.
    """
    require_hq(user)
    with transaction.atomic():
        if course.pk is not None:
            capacity.lock(Course, course.pk)
            taken = _selected(course).count()
            if course.capacity < taken:
                raise TrainingError(
                    _("%(taken)s places have already been given; the course cannot have fewer.")
                    % {"taken": taken},
                    field="capacity",
                )
        course.save()
        promote(course)
    return course
