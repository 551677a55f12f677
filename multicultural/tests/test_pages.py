"""List pages pin their query counts; pages showing demo records say so."""

from datetime import date

import pytest
from django.urls import reverse

from multicultural.models import GrantProgramme, LivingDocument
from multicultural.tests import factories

pytestmark = pytest.mark.django_db


def test_review_list_pages_with_constant_queries(client, grants, django_assert_max_num_queries):
    for i in range(30):
        factories.submitted(grants.applicant_b, grants.programme, title=f"Project {i}")
    client.force_login(grants.hq)
    # session, user, groups, the programme choices of the filter form, count, the page
    # with programme, category, bodies and prefecture, the inbox's unread count.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("multicultural:review_list"))
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 30


def test_review_list_filters_by_state(client, grants):
    factories.submitted(grants.applicant_b, grants.programme, title="Waiting")
    factories.draft(grants.applicant_b, grants.programme, title="Still a draft")
    client.force_login(grants.hq)
    response = client.get(reverse("multicultural:review_list"))
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["Waiting"]  # drafts are the applicant's business until submitted
    response = client.get(reverse("multicultural:review_list"), {"state": "awarded"})
    assert list(response.context["page"].object_list) == []


def test_association_registry_pages_with_constant_queries(
    client, reference_data, django_assert_max_num_queries
):
    for i in range(30):
        factories.association(name=f"Association {i:02d}")
    # count, the page of associations with the area they serve.
    with django_assert_max_num_queries(2):
        response = client.get(reverse("multicultural:associations"))
    assert len(response.context["page"].object_list) == 25


def test_demo_records_carry_the_demo_notice(client, grants):
    doc = factories.document()
    version = factories.version(doc, "en", date(2026, 4, 1))
    page = client.get(reverse("multicultural:library_version", args=[version.pk]))
    assert "demo-notice" not in page.content.decode()
    LivingDocument.objects.filter(pk=doc.pk).update(is_demo=True)
    page = client.get(reverse("multicultural:library_version", args=[version.pk]))
    assert "not official information" in page.content.decode()
    listing = client.get(reverse("multicultural:library"))
    assert "not official information" in listing.content.decode()

    application = factories.draft(grants.applicant_a, grants.programme)
    client.force_login(grants.applicant_a)
    url = reverse("multicultural:application", args=[application.pk])
    assert "demo-notice" not in client.get(url).content.decode()
    GrantProgramme.objects.filter(pk=grants.programme.pk).update(is_demo=True)
    assert "is invented for demonstration" in client.get(url).content.decode()
