"""The annual partnership survey: opening it, the fan-out of personal links, answers,
reminders, the response rate and the results report.

Local governments answer without an account: each gets an unguessable link
that opens only its own form, and only while the survey is open.
"""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clair_portal.accounts.roles import is_hq
from clair_portal.notifications.sending import email, link, send_once
from clair_portal.outbox.services import enqueue
from reference.models import LocalGovernment
from sistercities.models import (
    Affiliation,
    PartnershipContact,
    PartnershipSurvey,
    SurveyAnswer,
    SurveyEvent,
    SurveyInvitation,
)
from sistercities.partnering import PartneringError

logger = logging.getLogger(__name__)

CHUNK = 50


def surveyed_affiliations():
    """The affiliations a survey asks about: every one that has not ended."""
    return Affiliation.objects.exclude(status=Affiliation.Status.ENDED)


# --- HQ's steps: the dashboard and the admin call these, which record who asked -------------


def _locked_for(survey: PartnershipSurvey, by) -> PartnershipSurvey:
    """The survey's row, locked so that two steps on it are taken one after the other."""
    if not is_hq(by):
        raise PartneringError(_("Only HQ staff can open, remind or close a survey."))
    return PartnershipSurvey.objects.select_for_update().get(pk=survey.pk)


def _locked_open(survey: PartnershipSurvey, by) -> PartnershipSurvey:
    survey = _locked_for(survey, by)
    if survey.state != PartnershipSurvey.State.OPEN:
        raise PartneringError(_("The survey is not open."))
    return survey


@transaction.atomic
def open_survey(survey: PartnershipSurvey, *, by) -> int:
    """Open a draft survey: one invitation per Japanese local government holding an
    affiliation, addressed from its partnership contact; the links go out after commit.

    Returns the number of invitations. Preconditions: ``by`` is HQ staff; the
    survey is a draft and closes today or later.
    """
    survey = _locked_for(survey, by)
    if survey.state != PartnershipSurvey.State.DRAFT:
        raise PartneringError(_("Only a draft survey can be opened."))
    if survey.closes_on < timezone.localdate():
        raise PartneringError(_("The closing date has passed; set a later one first."))
    holders = (
        Affiliation.japanese.through.objects.filter(affiliation__in=surveyed_affiliations())
        .values_list("localgovernment_id", flat=True)
        .distinct()
        .order_by("localgovernment_id")
    )
    contacts = dict(PartnershipContact.objects.values_list("local_government_id", "email"))
    languages = dict(PartnershipContact.objects.values_list("local_government_id", "language"))
    batch, created = [], 0
    for code in holders.iterator(chunk_size=1000):
        batch.append(
            SurveyInvitation(
                survey=survey,
                local_government_id=code,
                email=contacts.get(code, ""),
                language=languages.get(code, "ja"),
            )
        )
        if len(batch) >= 1000:
            created += len(SurveyInvitation.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    created += len(SurveyInvitation.objects.bulk_create(batch, ignore_conflicts=True))
    survey.state = PartnershipSurvey.State.OPEN
    survey.opened_at = timezone.now()
    survey.opened_by = by
    survey.save()
    SurveyEvent.objects.create(survey=survey, action=SurveyEvent.Action.OPENED, actor=by)
    from sistercities.tasks import fan_out_survey

    enqueue(fan_out_survey, survey.pk)
    return created


@transaction.atomic
def send_new_links(survey: PartnershipSurvey, *, by) -> None:
    """Send their links to local governments whose contact HQ added since the survey opened.

    Preconditions: ``by`` is HQ staff; the survey is open. The links go out
    after commit, each at most once.
    """
    survey = _locked_open(survey, by)
    SurveyEvent.objects.create(survey=survey, action=SurveyEvent.Action.LINKS_SENT, actor=by)
    from sistercities.tasks import fan_out_survey

    enqueue(fan_out_survey, survey.pk)


@transaction.atomic
def remind(survey: PartnershipSurvey, *, by) -> None:
    """Remind the local governments that were sent a link and have not answered, once each.

    Preconditions: ``by`` is HQ staff; the survey is open. The reminders go
    out after commit; one already reminded is not reminded again.
    """
    survey = _locked_open(survey, by)
    SurveyEvent.objects.create(survey=survey, action=SurveyEvent.Action.REMINDED, actor=by)
    from sistercities.tasks import remind_survey

    enqueue(remind_survey, survey.pk)


def fan_out(survey_id: int, *, reminders: bool = False) -> int:
    """Queue the unsent links (or the reminders) of a survey in chunks of ids."""
    from sistercities.tasks import send_survey_chunk

    if not reminders:
        # Contacts HQ added since the survey opened: their links go out now.
        contact = PartnershipContact.objects.filter(
            local_government_id=OuterRef("local_government_id")
        )
        SurveyInvitation.objects.filter(survey_id=survey_id, email="", sent_at__isnull=True).filter(
            Exists(contact)
        ).update(
            email=Subquery(contact.values("email")[:1]),
            language=Subquery(contact.values("language")[:1]),
        )
    invitations = SurveyInvitation.objects.filter(
        survey_id=survey_id, survey__state=PartnershipSurvey.State.OPEN
    ).exclude(email="")
    if reminders:
        invitations = invitations.filter(
            sent_at__isnull=False, responded_at__isnull=True, reminded_at__isnull=True
        )
    else:
        invitations = invitations.filter(sent_at__isnull=True)
    ids = list(invitations.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        enqueue(send_survey_chunk, ids[start : start + CHUNK], reminders)
    return len(ids)


def awaiting_links(codes) -> int:
    """How many of these local governments were invited to an open survey without an
    address and have not been sent their link: the dashboard's "send" reaches them."""
    return SurveyInvitation.objects.filter(
        survey__state=PartnershipSurvey.State.OPEN,
        local_government_id__in=codes,
        email="",
        sent_at__isnull=True,
    ).count()


def send_invitations(invitation_ids, *, reminder: bool = False) -> int:
    """E-mail these personal links (or their reminders), each at most once, over one
    connection, while the survey is open; returns how many were sent now."""
    column = "reminded_at" if reminder else "sent_at"
    invitations = SurveyInvitation.objects.filter(
        pk__in=list(invitation_ids), survey__state=PartnershipSurvey.State.OPEN
    ).exclude(email="")
    if reminder:
        invitations = invitations.filter(sent_at__isnull=False, responded_at__isnull=True)
    template = (
        "sistercities/email/survey_reminder.txt"
        if reminder
        else "sistercities/email/survey_invitation.txt"
    )

    def compose(invitation: SurveyInvitation):
        return email(
            invitation.email,
            invitation.language,
            template,
            {
                "invitation": invitation,
                "survey": invitation.survey,
                "link": link(
                    invitation.language, "sistercities:survey_form", token=invitation.token
                ),
            },
        )

    return send_once(
        invitations.select_related("survey", "local_government"),
        column,
        compose,
        task="sistercities.tasks.send_survey_invitation",
        args=[reminder],
    )


def send_invitation(invitation_id: int, *, reminder: bool = False) -> bool:
    """E-mail one personal link (or its reminder) at most once."""
    return send_invitations([invitation_id], reminder=reminder) == 1


@transaction.atomic
def close_survey(survey: PartnershipSurvey, *, by) -> PartnershipSurvey:
    """Close an open survey: every link stops working at once.

    Preconditions: ``by`` is HQ staff; the survey is open (a draft is never
    closed without having been opened).
    """
    survey = _locked_open(survey, by)
    survey.state = PartnershipSurvey.State.CLOSED
    survey.save(update_fields=["state"])
    SurveyEvent.objects.create(survey=survey, action=SurveyEvent.Action.CLOSED, actor=by)
    return survey


def get_open_invitation(token: str) -> SurveyInvitation:
    """The invitation behind a link while its survey is open; 404 otherwise."""
    invitation = SurveyInvitation.objects.open_by_token(token).first()
    if invitation is None:
        raise Http404
    return invitation


def affiliations_of(invitation: SurveyInvitation):
    """The affiliations this local government is asked about (its own, not ended)."""
    return (
        surveyed_affiliations()
        .with_japanese(LocalGovernment.objects.filter(pk=invitation.local_government_id))
        .select_related("partner")
        .order_by("established_year", "pk")
    )


@transaction.atomic
def submit_answers(invitation: SurveyInvitation, answers: dict[int, dict]) -> int:
    """Record one local government's answers and update its affiliations.

    ``answers`` maps affiliation ids to ``status``, ``ended_on``, ``fields`` and
    ``activities``. Preconditions: the survey is open and every id is one of this
    local government's surveyed affiliations (else a ``PartneringError``). May be
    called again until the survey closes; the latest answer wins.
    """
    invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.survey.accepts_answers():
        raise PartneringError(_("This survey is closed."))
    own = {a.pk: a for a in affiliations_of(invitation)}
    if set(answers) - set(own):
        raise PartneringError(_("An answer names an affiliation that is not yours."))
    year = invitation.survey.year
    for pk, answer in answers.items():
        ended_on = answer.get("ended_on") if answer["status"] == Affiliation.Status.ENDED else None
        if answer["status"] == Affiliation.Status.ENDED and ended_on is None:
            raise PartneringError(_("Give the date an ended affiliation ended."))
        SurveyAnswer.objects.update_or_create(
            invitation=invitation,
            affiliation_id=pk,
            defaults={
                "status": answer["status"],
                "ended_on": ended_on,
                "fields": answer.get("fields") or [],
                "activities": answer.get("activities", ""),
            },
        )
        affiliation = own[pk]
        affiliation.status = answer["status"]
        if ended_on or affiliation.status == Affiliation.Status.ENDED:
            affiliation.ended_on = ended_on
        if answer.get("fields"):
            affiliation.fields = answer["fields"]
        affiliation.activities = answer.get("activities", "")
        affiliation.surveyed_year = year
        affiliation.save()
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["responded_at"])
    return len(answers)


REMIND_BEFORE_CLOSE = 7  # days


def remind_before_close(today: date | None = None) -> int:
    """Queue the reminders of every open survey that closes within a week (beat, daily).

    Each non-respondent is reminded once (``reminded_at`` is claimed), so running
    this every day of that week sends one reminder each.
    """
    today = today or timezone.localdate()
    closing = PartnershipSurvey.objects.filter(
        state=PartnershipSurvey.State.OPEN,
        closes_on__gte=today,
        closes_on__lte=today + timedelta(days=REMIND_BEFORE_CLOSE),
    )
    queued = 0
    for pk in closing.values_list("pk", flat=True):
        count = fan_out(pk, reminders=True)
        if count:
            SurveyEvent.objects.create(survey_id=pk, action=SurveyEvent.Action.REMINDED)
        queued += count
    return queued


@transaction.atomic
def close_past_surveys(today: date | None = None) -> int:
    """Surveys whose last day has passed close (beat, daily), recorded as the portal's step."""
    today = today or timezone.localdate()
    closed = list(
        PartnershipSurvey.objects.filter(state=PartnershipSurvey.State.OPEN, closes_on__lt=today)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    PartnershipSurvey.objects.filter(pk__in=closed).update(state=PartnershipSurvey.State.CLOSED)
    SurveyEvent.objects.bulk_create(
        [SurveyEvent(survey_id=pk, action=SurveyEvent.Action.CLOSED) for pk in closed]
    )
    return len(closed)
