"""Applying: eligibility, caps by applicant kind, the window, and drafts that stay drafts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from multicultural import services
from multicultural.models import ApplicantKind, GrantApplication
from multicultural.tests import factories

pytestmark = pytest.mark.django_db


def test_an_association_draft_records_its_kind_and_prefecture(grants):
    application = factories.draft(grants.applicant_a, grants.programme)
    assert application.state == GrantApplication.State.DRAFT
    assert application.applicant_kind == ApplicantKind.ASSOCIATION
    assert application.association == grants.association_a
    assert application.prefecture_id == factories.NIIGATA_PREFECTURE


@pytest.mark.parametrize(
    ("body", "joint", "allowed", "refused"),
    [
        ({"local_government": factories.NIIGATA_PREFECTURE}, False, 4_000_000, 4_000_001),
        ({"local_government": factories.NIIGATA_CITY}, False, 4_000_000, 4_000_001),
        ({"local_government": factories.NAGAOKA}, False, 3_000_000, 3_000_001),
        ({"local_government": factories.NAGAOKA}, True, 4_000_000, 4_000_001),
        ({"association": "A"}, False, 3_000_000, 3_000_001),
    ],
)
def test_caps_follow_the_applicant_kind(grants, body, joint, allowed, refused):
    if body.get("association"):
        body = {"association": grants.association_a}
    user = factories.officer("someone@example.org", **body)
    ok = factories.draft(user, grants.programme, amount=allowed, joint=joint)
    assert ok.requested_amount == allowed
    with pytest.raises(services.GrantError) as refusal:
        factories.draft(user, grants.programme, amount=refused, joint=joint)
    assert refusal.value.field == "requested_amount"
    assert f"¥{allowed:,}" in str(refusal.value.message)
    assert GrantApplication.objects.filter(created_by=user).count() == 1


def test_requests_below_the_minimum_are_refused(grants):
    with pytest.raises(services.GrantError, match="¥500,000"):
        factories.draft(grants.applicant_a, grants.programme, amount=499_999)


def test_a_kind_without_a_cap_may_not_apply(grants):
    grants.programme.cap_association = None
    grants.programme.save()
    with pytest.raises(services.GrantError) as refusal:
        factories.draft(grants.applicant_a, grants.programme)
    assert "regional international exchange association" in str(refusal.value.message)
    assert not GrantApplication.objects.exists()


def test_the_project_must_run_within_the_fiscal_year(grants):
    start, end = grants.programme.period()
    terms = factories.terms(grants.programme)
    terms.project_end = end + timedelta(days=1)
    with pytest.raises(services.GrantError) as refusal:
        services.create_draft(
            grants.applicant_a, grants.programme.pk, terms, title="t", summary="s"
        )
    assert refusal.value.field == "project_end"
    assert str(grants.programme.fiscal_year) in str(refusal.value.message)


def test_submission_only_within_the_window(grants):
    application = factories.draft(grants.applicant_a, grants.programme)
    programme = grants.programme
    with pytest.raises(services.GrantError, match="open on"):
        services.submit(grants.applicant_a, application.pk, now=programme.opens_at - timedelta(1))
    with pytest.raises(services.GrantError, match="closed"):
        services.submit(grants.applicant_a, application.pk, now=programme.closes_at + timedelta(1))
    application.refresh_from_db()
    assert application.state == GrantApplication.State.DRAFT and application.submitted_at is None

    services.submit(grants.applicant_a, application.pk)
    application.refresh_from_db()
    assert application.state == GrantApplication.State.SUBMITTED
    assert application.submitted_at is not None


def test_a_closed_programme_takes_no_new_drafts(grants):
    closed = factories.programme(
        opens=timezone.now() - timedelta(days=20), closes=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(services.GrantError, match="closed"):
        factories.draft(grants.applicant_a, closed)


def test_submission_rechecks_the_rules_the_programme_may_have_changed(grants):
    application = factories.draft(grants.applicant_a, grants.programme, amount=3_000_000)
    grants.programme.cap_association = 2_000_000
    grants.programme.save()
    with pytest.raises(services.GrantError, match="¥2,000,000"):
        services.submit(grants.applicant_a, application.pk)
    application.refresh_from_db()
    assert application.state == GrantApplication.State.DRAFT


def test_a_submitted_application_can_no_longer_change(grants):
    application = factories.submitted(grants.applicant_a, grants.programme)
    with pytest.raises(services.GrantError):
        services.update_draft(
            grants.applicant_a,
            application.pk,
            factories.terms(grants.programme, amount=600_000),
            title="changed",
            summary="changed",
        )
    application.refresh_from_db()
    assert application.requested_amount == 1_000_000 and application.title != "changed"


def test_a_colleague_of_the_same_body_may_finish_and_submit_the_draft(grants):
    application = factories.draft(grants.applicant_a, grants.programme)
    services.submit(grants.colleague_a, application.pk)
    application.refresh_from_db()
    assert application.state == GrantApplication.State.SUBMITTED


def test_an_officer_of_another_body_cannot_touch_the_draft(grants):
    from django.http import Http404

    application = factories.draft(grants.applicant_a, grants.programme)
    with pytest.raises(Http404):
        services.submit(grants.applicant_b, application.pk)
    application.refresh_from_db()
    assert application.state == GrantApplication.State.DRAFT


def test_the_form_shows_a_translated_error_and_keeps_what_was_typed(client, grants):
    client.force_login(grants.applicant_a)
    start, end = factories.project_dates(grants.programme)
    data = {
        "title": "多言語防災セミナー",
        "category": grants.programme.categories.first().pk,
        "summary": "やさしい日本語と五つの言語で開く防災セミナー。",
        "project_start": start.isoformat(),
        "project_end": end.isoformat(),
        "requested_amount": "3500000",
    }
    with translation.override("ja"):
        url = reverse("multicultural:apply", args=[grants.programme.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "上限" in body and "¥3,000,000" in body
    assert "多言語防災セミナー" in body and 'value="3500000"' in body
    assert not GrantApplication.objects.exists()


def test_the_form_creates_a_draft_and_attaches_a_file(client, grants):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(grants.applicant_a)
    start, end = factories.project_dates(grants.programme)
    response = client.post(
        reverse("multicultural:apply", args=[grants.programme.pk]),
        {
            "title": "Multilingual festival",
            "category": grants.programme.categories.first().pk,
            "summary": "A festival.",
            "project_start": start.isoformat(),
            "project_end": end.isoformat(),
            "requested_amount": "800000",
        },
    )
    application = GrantApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("multicultural:application", args=[application.pk])

    upload = SimpleUploadedFile("plan.png", factories.PNG, content_type="image/png")
    response = client.post(
        reverse("multicultural:upload", args=[application.pk]), {"upload-file": upload}
    )
    assert response.status_code == 302
    attachment = application.attachments.get()
    assert attachment.original_name == "plan.png" and attachment.content_type == "image/png"

    fake = SimpleUploadedFile("plan.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("multicultural:upload", args=[application.pk]), {"upload-file": fake}
    )
    assert response.status_code == 400
    assert "not a file type the portal accepts" in response.content.decode()
    assert application.attachments.count() == 1

    download = client.get(reverse("multicultural:attachment", args=[application.pk, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == factories.PNG


def test_the_applicant_list_pages_in_the_database_with_constant_queries(
    client, grants, django_assert_max_num_queries
):
    for i in range(30):
        factories.draft(grants.applicant_a, grants.programme, title=f"Project {i}")
    client.force_login(grants.applicant_a)
    # session, user, the user's groups, the officer record (body), count, the page of
    # applications with programme and category, open programmes, the inbox's unread count,
    # the viewer's zone (an office membership, or none: Japan time).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("multicultural:applications"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
