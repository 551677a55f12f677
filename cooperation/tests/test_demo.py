"""The demo records load only with DEBUG, once, and are marked as invented on the pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from clair_portal.accounts.models import User
from cooperation.models import DispatchRequest, Specialist, Trainee

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_with_a_demo_specialist_who_sees_the_notice(
    client, reference_data, settings
):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=StringIO())
    counts = Specialist.objects.count(), DispatchRequest.objects.count(), Trainee.objects.count()
    call_command("load_demo_data", stdout=StringIO())
    assert (
        Specialist.objects.count(),
        DispatchRequest.objects.count(),
        Trainee.objects.count(),
    ) == counts
    assert counts[0] > 50 and counts[1] >= 4 and counts[2] >= 4
    assert not Specialist.objects.filter(is_demo=False).exists()
    specialist = User.objects.get(email="specialist@clair-demo.test")
    assert specialist.is_demo and specialist.check_password("clair-demo-2026")
    client.force_login(specialist)
    page = client.get(reverse("cooperation:my_profile"))
    assert page.status_code == 200
    # One notice: the demo account's banner, which covers the demo profile too.
    assert b"the records it shows are invented" in page.content
    assert page.content.count(b'"demo-notice"') == 1
    hq = User.objects.get(email="hq@clair-demo.test")
    assert hq.has_perm("cooperation.view_passport")
    client.force_login(hq)
    trainee = Trainee.objects.filter(assignment__isnull=False).first()
    detail = client.get(
        reverse("cooperation:trainee_detail", args=[trainee.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert detail.status_code == 200 and trainee.phases.count() == 3


def test_no_demo_records_without_debug(reference_data, settings):
    settings.DEBUG = False
    call_command("load_demo_data", stdout=StringIO())
    assert not Specialist.objects.exists()
