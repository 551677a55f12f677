import pytest
from django.urls import reverse

from clair_portal import demo
from offices import demo_data
from offices.models import Report

pytestmark = pytest.mark.django_db


def test_demo_reports_cover_every_office_load_once_and_say_they_are_demo(client, reference_data):
    demo.load()
    [first] = demo_data.load()
    assert first.created > 7 * 3 * 12  # three years of monthly reports and more
    assert set(Report.objects.values_list("office__code", flat=True).distinct()) == {
        "beijing", "london", "new-york", "paris", "seoul", "singapore", "sydney"
    }  # fmt: skip
    assert Report.objects.filter(is_demo=False).count() == 0
    states = set(Report.objects.values_list("state", flat=True))
    assert {"accepted", "draft"} <= states
    [again] = demo_data.load()
    assert again.created == 0 and again.unchanged == 7
    from clair_portal.accounts.models import User

    london = User.objects.get(email="london@clair-demo.test")
    client.force_login(london)
    page = client.get(reverse("offices:report-dashboard")).content.decode()
    # One notice: the demo account's banner, which covers the page's demo reports too.
    assert "the records it shows are invented" in page and page.count('"demo-notice"') == 1
    report = Report.objects.filter(office__code="london").first()
    detail = client.get(reverse("offices:report-detail", args=[report.pk])).content.decode()
    assert "the records it shows are invented" in detail and detail.count('"demo-notice"') == 1
