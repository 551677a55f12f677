"""Professional development in a browser: an officer of Nagasaki City applies for a course,
their approver endorses it, HQ selects them, attendance is recorded and the certificate
downloads; an official from Korea applies for the Exchange and Cooperation Seminar and the
Seoul office endorses it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from conftest import make_user
from training.models import Application, Course, OverseasApplication
from training.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(reference_data):
    officer = factories.officer(
        "officer@city.nagasaki.example.jp",
        local_government=factories.NAGASAKI_CITY,
        full_name="Nagasaki Ichiko",
    )
    approver = factories.officer(
        "approver@city.nagasaki.example.jp",
        local_government=factories.NAGASAKI_CITY,
        full_name="Nagasaki Jiro",
        language="ja",
    )
    factories.approver(approver)
    hq = User.objects.create_user(
        "hq@example.org", factories.PASSWORD, full_name="Hanako HQ", is_staff=True
    )
    hq.groups.add(Group.objects.get(name=roles.HQ_STAFF))
    seoul = make_user("seoul@example.org", role=roles.OFFICE_STAFF, office="seoul")
    return {"officer": officer, "approver": approver, "hq": hq, "seoul": seoul}


def submit(visitor, name, label):
    with visitor.page.expect_navigation():
        visitor.page.get_by_role("button", name=name).click()
    visitor.check(label)


def test_an_officer_applies_is_endorsed_selected_attends_and_downloads_the_certificate(
    visitor, people, tmp_path
):
    page = visitor.page
    course = factories.course(capacity=2)

    visitor.log_in(people["officer"])
    visitor.visit("/en/training/")
    page.get_by_role("link", name=course.title_en).click()
    page.wait_for_load_state("load")
    visitor.check("course page")
    page.get_by_role("link", name="Apply or nominate a colleague").click()
    page.wait_for_load_state("load")
    visitor.check("apply form")
    page.get_by_label("Reason for applying").fill("To plan our sister-city exchange.")
    submit(visitor, "Send the application", "sent to the approver")
    application = Application.objects.get()
    assert application.state == Application.State.PENDING

    # The approver answers in Japanese.
    visitor.log_in(people["approver"], "ja")
    visitor.visit("/ja/training/applications/")
    page.get_by_role("link", name=course.title_ja).click()
    page.wait_for_load_state("load")
    visitor.check("approver's page")
    page.get_by_label("推薦する").check()
    submit(visitor, "回答を送信", "endorsed")
    application.refresh_from_db()
    assert application.state == Application.State.ENDORSED

    # HQ selects from the applications to decide.
    visitor.log_in(people["hq"])
    visitor.visit("/en/training/decisions/")
    page.get_by_role("link", name="Nagasaki Ichiko").click()
    page.wait_for_load_state("load")
    page.get_by_label("Select (the waiting list if the course is full)").check()
    submit(visitor, "Record the decision", "selected")
    application.refresh_from_db()
    assert application.state == Application.State.SELECTED

    # The course takes place; HQ records the attendance and asks for the certificates.
    start = timezone.localdate() - timedelta(days=3)
    Course.objects.filter(pk=course.pk).update(starts_on=start, ends_on=start + timedelta(days=2))
    visitor.visit(f"/en/training/courses/{course.pk}/attendance/")
    page.get_by_label("Nagasaki Ichiko").check()
    submit(visitor, "Record the attendance", "attendance recorded")
    submit(visitor, "Make the missing certificates", "certificates made")
    application.refresh_from_db()
    assert application.attended and application.certificate

    # The officer downloads it from the application's page.
    visitor.log_in(people["officer"])
    visitor.visit(f"/en/training/applications/{application.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")


def test_an_official_from_korea_applies_and_the_seoul_office_endorses(visitor, people):
    page = visitor.page
    seminar = factories.course(
        audience=Course.Audience.ABROAD,
        title_en="Local Government Exchange and Cooperation Seminar",
        title_ja="地方自治体交流・協力セミナー",
    )
    visitor.visit(f"/en/training/courses/{seminar.pk}/")
    page.get_by_role("link", name="Apply as an official of a local government abroad").click()
    page.wait_for_load_state("load")
    visitor.check("seminar form")
    page.get_by_label("Full name").fill("Kim Minji")
    page.get_by_label("E-mail address").fill("kim.minji@example.org")
    page.get_by_label("Country").select_option("KR")
    page.get_by_label("Local government").fill("Suwon City")
    page.get_by_label("Position").fill("Deputy director, international cooperation")
    page.get_by_label("Reason for applying").fill(
        "To learn how Japanese cities work with residents."
    )
    submit(visitor, "Send the application", "check your e-mail")
    application = OverseasApplication.objects.get()

    # The link in the e-mail opens a page whose button confirms.
    visitor.visit(f"/en/training/abroad/confirm/{application.token}/")
    submit(visitor, "Confirm my e-mail address", "confirmed")
    application.refresh_from_db()
    assert application.state == OverseasApplication.State.AT_OFFICE
    assert application.office.code == "seoul"

    visitor.log_in(people["seoul"])
    visitor.visit("/en/training/abroad/")
    page.get_by_role("link", name="Kim Minji").click()
    page.wait_for_load_state("load")
    visitor.check("office's page")
    page.get_by_label("Endorse", exact=True).check()
    submit(visitor, "Send the answer", "endorsed by Seoul")
    application.refresh_from_db()
    assert application.state == OverseasApplication.State.ENDORSED
