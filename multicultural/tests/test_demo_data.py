"""The demo records load through the services, twice without change, and say they are demo."""

import pytest
from django.utils import timezone

from clair_portal import demo
from clair_portal.organisations.models import Membership
from multicultural import demo_data, services
from multicultural.models import DocumentVersion, GrantApplication, GrantProgramme

pytestmark = pytest.mark.django_db


def test_demo_records_load_once_with_officers_for_a_city_and_an_association(reference_data):
    demo.load()
    demo_data.load()
    demo_data.load()
    assert GrantProgramme.objects.filter(is_demo=True).count() == 3
    city = Membership.objects.active().get(user__email="officer@clair-demo.test")
    association = Membership.objects.active().get(user__email="association@clair-demo.test")
    assert city.organisation.local_government_id == "152021" and city.user.is_demo
    assert association.organisation.association is not None and association.user.is_demo
    states = set(GrantApplication.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "under_review", "awarded", "rejected", "completed"}
    for programme in GrantProgramme.objects.all():
        assert programme.committed() <= programme.budget
    # Every demo text says so, and the garbage translations are stale against the new source.
    assert all("Demo" in v.body or "デモ" in v.body for v in DocumentVersion.objects.all())
    assert (
        DocumentVersion.objects.current()
        .stale()
        .filter(document__topic__code="garbage-disposal")
        .count()
        == 7
    )
    assert services.due_reminders(timezone.localdate())["overdue"]
    # This year's programmes ask for documents; the city's draft still lacks its budget,
    # so the demo officer's check page shows one missing, and what was submitted has all.
    guide = GrantApplication.objects.get(title="Easy Japanese guide to city services")
    assert [d.name_ja for d in services.missing_documents(guide)] == ["収支予算書"]
    for submitted in GrantApplication.objects.filter(
        programme__fiscal_year=guide.programme.fiscal_year, state__in=["submitted", "under_review"]
    ):
        assert services.required_documents(submitted).exists()
        assert services.missing_documents(submitted) == []
