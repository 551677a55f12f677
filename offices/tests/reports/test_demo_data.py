import pytest
from django.urls import reverse

from clair_portal import demo
from offices import demo_data
from offices.models import Report

pytestmark = pytest.mark.django_db


def test_demo_reports_cover_every_office_load_once_and_say_they_are_demo(client, reference_data):
    demo.load()
    first, publications, _requests = demo_data.load()
    assert first.created > 7 * 3 * 12  # three years of monthly reports and more
    assert set(Report.objects.values_list("office__code", flat=True).distinct()) == {
        "beijing", "london", "new-york", "paris", "seoul", "singapore", "sydney"
    }  # fmt: skip
    assert Report.objects.filter(is_demo=False).count() == 0
    states = set(Report.objects.values_list("state", flat=True))
    assert {"accepted", "draft"} <= states
    again, publications_again, _requests_again = demo_data.load()
    assert again.created == 0 and again.unchanged == 7
    assert publications.created == 4 and publications_again.created == 0
    from clair_portal.accounts.models import User

    london = User.objects.get(email="london@clair-demo.test")
    client.force_login(london)
    page = client.get(reverse("offices:report-dashboard")).content.decode()
    # One notice: the demo account's banner, which covers the page's demo reports too.
    assert "the records it shows are invented" in page and page.count('"demo-notice"') == 1
    report = Report.objects.filter(office__code="london").first()
    detail = client.get(reverse("offices:report-detail", args=[report.pk])).content.decode()
    assert "the records it shows are invented" in detail and detail.count('"demo-notice"') == 1


def test_demo_publications_include_one_made_from_an_accepted_london_report(client, reference_data):
    from offices.models import Publication

    demo.load()
    demo_data.load()
    assert Publication.objects.filter(is_demo=False).count() == 0
    from_report = Publication.objects.get(source_report__isnull=False)
    assert from_report.office.code == "london" and from_report.is_published
    assert from_report.source_report.state == "accepted"
    assert from_report.files.exists()
    page = client.get(f"/en/publications/{from_report.pk}/").content.decode()
    assert '"demo-notice"' in page and "London Office" in page
    listing = client.get("/ja/publications/")
    assert listing.context["page"].paginator.count == 4
    assert '"demo-notice"' in listing.content.decode()
