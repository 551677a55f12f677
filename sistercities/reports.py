"""HQ's batch report of a partnership survey's results, requested from the survey
dashboard and downloaded from /jobs/."""

from collections.abc import Iterator

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clair_portal.accounts.roles import is_hq
from clair_portal.jobs.kinds import CHUNK_SIZE, XLSX, report
from sistercities.models import Field, PartnershipSurvey, SurveyAnswer, SurveyInvitation


def _survey(params: dict) -> PartnershipSurvey | None:
    surveys = PartnershipSurvey.objects.exclude(state=PartnershipSurvey.State.DRAFT)
    if params.get("survey"):
        return surveys.filter(pk=params["survey"]).first()
    return surveys.order_by("-year").first()


def _count(params: dict) -> int:
    survey = _survey(params)
    if survey is None:
        return 0
    answers = SurveyAnswer.objects.filter(invitation__survey=survey).count()
    silent = SurveyInvitation.objects.filter(survey=survey, responded_at__isnull=True).count()
    return answers + silent


@report(
    "partnership-survey",
    title=_("Partnership survey results"),
    description=_(
        "One line per affiliation answered in the latest partnership survey (or the one "
        "chosen on the survey page), then one line per local government that has not answered."
    ),
    formats=(XLSX,),
    may_request=is_hq,
    count=_count,
)
def partnership_survey(params: dict) -> Iterator[list]:
    japanese = (get_language() or "en").startswith("ja")
    fields = dict(Field.choices)
    yield [
        _("year"),
        _("local government code"),
        _("Japanese local government"),
        _("partner"),
        _("country"),
        _("answered"),
        _("status"),
        _("end date"),
        _("fields of exchange this year"),
        _("activities this year"),
    ]
    survey = _survey(params)
    if survey is None:
        return
    answers = (
        SurveyAnswer.objects.filter(invitation__survey=survey)
        .select_related("invitation__local_government", "affiliation__partner")
        .order_by("invitation__local_government_id", "affiliation_id")
    )
    for answer in answers.iterator(chunk_size=CHUNK_SIZE):
        lg = answer.invitation.local_government
        yield [
            survey.year,
            lg.code,
            lg.display_name("ja" if japanese else "en"),
            answer.affiliation.partner.name_en,
            answer.affiliation.partner.country.name,
            answer.invitation.responded_at,
            answer.get_status_display(),
            answer.ended_on,
            ", ".join(str(fields.get(f, f)) for f in answer.fields),
            answer.activities,
        ]
    silent = (
        SurveyInvitation.objects.filter(survey=survey, responded_at__isnull=True)
        .select_related("local_government")
        .order_by("local_government_id")
    )
    for invitation in silent.iterator(chunk_size=CHUNK_SIZE):
        lg = invitation.local_government
        yield [
            survey.year,
            lg.code,
            lg.display_name("ja" if japanese else "en"),
            "",
            "",
            _("not answered"),
            "",
            "",
            "",
            "",
        ]
