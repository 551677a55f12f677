"""The demo's requests for help: Nagasaki City's, to London and Paris, in several states."""

import pytest
from django.urls import reverse

from clair_portal import demo
from clair_portal.accounts.models import User
from offices import demo_data
from offices.models import AssistanceRequest

pytestmark = pytest.mark.django_db


def test_demo_requests_tell_every_state_for_london_and_paris_once(client, reference_data):
    demo.load()
    *_others, requests = demo_data.load()
    assert requests.created == 8
    rows = AssistanceRequest.objects.all()
    assert not rows.filter(is_demo=False).exists()
    assert {str(r.organisation) for r in rows} == {"Nagasaki City"}
    assert set(rows.values_list("office__code", flat=True)) == {"london", "paris"}
    assert set(rows.values_list("state", flat=True)) == set(AssistanceRequest.State.values)
    assert rows.filter(rating__isnull=False, office__code="london").exists()
    assert rows.overdue().filter(office__code="london").exists()
    *_others, again = demo_data.load()
    assert again.created == 0 and AssistanceRequest.objects.count() == 8
    client.force_login(User.objects.get(email="london@clair-demo.test"))
    page = client.get(reverse("offices:desk")).content.decode()
    assert "AR-" in page and page.count('"demo-notice"') == 1
