"""The demo records load through the services, twice without change, and say they are demo."""

import pytest

from clair_portal import demo
from training import abroad, demo_data
from training.models import Application, Approver, Course, OverseasApplication, SubsidyClaim

pytestmark = pytest.mark.django_db


def test_demo_courses_load_once_with_nagasaki_citys_applications(reference_data):
    demo.load()
    demo_data.load()
    demo_data.load()
    assert Course.objects.filter(is_demo=True).count() == len(demo_data.COURSES)
    approver = Approver.objects.get()
    assert approver.membership.user.email == demo_data.APPROVER
    assert approver.membership.organisation.local_government_id == demo_data.NAGASAKI_CITY
    states = sorted(Application.objects.values_list("state", flat=True))
    assert states == ["pending", "selected"]
    assert {a.applicant.email for a in Application.objects.all()} == {"nagasaki@clair-demo.test"}
    korea = OverseasApplication.objects.get()
    assert korea.state == "at_office" and korea.office.code == "seoul"
    assert [u.email for u in abroad.deciders_of(korea)] == [demo_data.SEOUL]
    claim = SubsidyClaim.objects.get()
    assert claim.state == "reduced" and claim.paid() == 100_000
