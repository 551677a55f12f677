"""HQ's admin pages for requests, projects, events and surveys, and the survey's opening."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sistercities.models import PartnershipSurvey, SurveyInvitation
from sistercities.tests import factories

pytestmark = pytest.mark.django_db

MODELS = [
    "partnerrequest",
    "inquiry",
    "exchangeproject",
    "eventseries",
    "exchangeevent",
    "partnershipcontact",
    "partnershipsurvey",
    "surveyinvitation",
]


@pytest.mark.parametrize("model", MODELS)
def test_hq_opens_every_admin_page(client, cast, model):
    client.force_login(cast.hq)
    assert client.get(reverse(f"admin:sistercities_{model}_changelist")).status_code == 200
    # Requests and inquiries come from the public pages, invitations from opening a survey.
    if model not in ("surveyinvitation", "partnerrequest", "inquiry"):
        assert client.get(reverse(f"admin:sistercities_{model}_add")).status_code == 200


def test_hq_opens_a_survey_from_the_admin_and_the_links_go_out(
    client, cast, django_capture_on_commit_callbacks
):
    factories.affiliation()
    factories.contact("422011")
    survey = PartnershipSurvey.objects.create(
        year=2026, closes_on=timezone.localdate() + timedelta(days=30)
    )
    client.force_login(cast.hq)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:sistercities_partnershipsurvey_changelist"),
            {"action": "open_survey", "_selected_action": [survey.pk]},
            follow=True,
        )
    assert "1 local government invited." in response.content.decode()
    survey.refresh_from_db()
    assert survey.state == "open" and survey.opened_by == cast.hq
    assert SurveyInvitation.objects.get().sent_at is not None
