"""The survey fan-out through a real Celery worker: every holder's link is sent once."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from reference.models import LocalGovernment
from sistercities import surveys
from sistercities.models import Affiliation, PartnershipSurvey, SurveyInvitation
from sistercities.tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HOLDERS = 120
WAIT_SECONDS = 120


def test_opening_a_survey_sends_every_holder_its_link_once_through_the_worker(
    celery_worker_process, cast
):
    # Nagasaki's real first affiliation (reference data) is not one of the holders here.
    Affiliation.objects.filter(japanese__code="422011").delete()
    partner = factories.foreign()
    codes = list(
        LocalGovernment.objects.municipalities().order_by("code").values_list("code", flat=True)
    )[:HOLDERS]
    for code in codes:
        factories.affiliation(code, partner)
        factories.contact(code)
    survey = PartnershipSurvey.objects.create(
        year=2026, closes_on=timezone.localdate() + timedelta(days=30)
    )

    started = time.monotonic()
    assert surveys.open_survey(survey, by=cast.hq) == HOLDERS  # commits; the worker fans out

    deadline = started + WAIT_SECONDS
    while SurveyInvitation.objects.filter(sent_at__isnull=True).exists():
        assert time.monotonic() < deadline, celery_worker_process.output()
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    # One fan-out task, then chunks of CHUNK ids; the chunks report how many e-mails they
    # sent, and those add up to one per holder.
    chunks = re.findall(
        r"sistercities\.tasks\.send_survey_chunk\[[^\]]+\] succeeded in [\d.]+s: (\d+)",
        celery_worker_process.output(),
    )
    while len(chunks) < -(-HOLDERS // surveys.CHUNK) and time.monotonic() < deadline:
        time.sleep(0.2)  # the last chunk's log line may trail its commit
        chunks = re.findall(
            r"sistercities\.tasks\.send_survey_chunk\[[^\]]+\] succeeded in [\d.]+s: (\d+)",
            celery_worker_process.output(),
        )
    assert len(chunks) == -(-HOLDERS // surveys.CHUNK)
    assert sum(int(n) for n in chunks) == HOLDERS
    assert SurveyInvitation.objects.filter(survey=survey).count() == HOLDERS
    assert SurveyInvitation.objects.filter(sent_at__isnull=False).count() == HOLDERS
    # Queued again (as a redelivery would): nothing is left to send.
    assert surveys.fan_out(survey.pk) == 0
    print(f"survey fan-out: {HOLDERS} links sent by one worker in {elapsed:.1f}s")
