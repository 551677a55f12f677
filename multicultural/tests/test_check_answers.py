"""Required documents and checking your answers before a grant application is submitted.

The programme says which documents every application attaches (a project plan, a
budget) and which only one category does; submitting is refused, naming each one
missing, until a file is attached as it. The check page shows the draft as CLAIR
will read it, with a way back to change every answer and to attach what is missing.
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from multicultural import services
from multicultural.models import Attachment, GrantApplication, GrantCategory, RequiredDocument
from multicultural.tests import factories
from multicultural.tests.test_budget_door import admin_form, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(grants):
    """A programme asking every application for a plan and a budget, and one category
    for a curriculum; a draft of body A in another category, with nothing attached."""
    plan = factories.required(grants.programme, "Project plan", "事業計画書", position=1)
    budget = factories.required(grants.programme, "Budget", "収支予算書", position=2)
    draft = factories.draft(grants.applicant_a, grants.programme)
    other = GrantCategory.objects.exclude(pk=draft.category_id).first()
    curriculum = factories.required(
        grants.programme, "Training curriculum", "研修カリキュラム", category=other, position=3
    )
    return SimpleNamespace(
        plan=plan, budget=budget, curriculum=curriculum, draft=draft, other_category=other
    )


def check_url(application, language="en"):
    with translation.override(language):
        return reverse("multicultural:submit", args=[application.pk])


# --- The service ---------------------------------------------------------------------


def test_submit_is_refused_naming_every_missing_document_and_nothing_changes(grants, rules):
    factories.attach(grants.applicant_a, rules.draft, name="photos.png")  # not a required one
    versions = rules.draft.history.count()
    with pytest.raises(services.GrantError) as refusal:
        services.submit(grants.applicant_a, rules.draft.pk)
    assert str(refusal.value) == "Attach these documents before you submit: Project plan, Budget."
    with translation.override("ja"):
        with pytest.raises(services.GrantError) as refusal:
            services.submit(grants.applicant_a, rules.draft.pk)
        assert str(refusal.value) == (
            "提出する前に、次の書類を添付してください：事業計画書、収支予算書。"
        )
    rules.draft.refresh_from_db()
    assert rules.draft.state == GrantApplication.State.DRAFT
    assert rules.draft.submitted_at is None
    assert rules.draft.history.count() == versions
    assert rules.draft.attachments.count() == 1


def test_only_the_documents_of_the_drafts_category_are_asked_and_then_it_submits(grants, rules):
    factories.attach(grants.applicant_a, rules.draft, rules.plan)
    with pytest.raises(services.GrantError) as refusal:
        services.submit(grants.applicant_a, rules.draft.pk)
    assert str(refusal.value) == "Attach these documents before you submit: Budget."
    factories.attach(grants.applicant_a, rules.draft, rules.budget, name="budget.png")
    assert services.missing_documents(rules.draft) == []

    # Moved to the curriculum's category, the draft needs the curriculum too.
    terms = factories.terms(grants.programme, category=rules.other_category)
    services.update_draft(grants.applicant_a, rules.draft.pk, terms, title="t", summary="s")
    rules.draft.refresh_from_db()
    assert services.missing_documents(rules.draft) == [rules.curriculum]
    with pytest.raises(services.GrantError, match="Training curriculum"):
        services.submit(grants.applicant_a, rules.draft.pk)

    factories.attach(grants.applicant_a, rules.draft, rules.curriculum, name="course.png")
    services.submit(grants.applicant_a, rules.draft.pk)
    rules.draft.refresh_from_db()
    assert rules.draft.state == GrantApplication.State.SUBMITTED


def test_a_file_is_attached_only_as_a_document_the_application_needs(grants, rules):
    elsewhere = factories.programme()
    foreign = factories.required(elsewhere, "Annual report", "年次報告書")
    for document in (rules.curriculum, foreign):  # another category, another programme
        with pytest.raises(services.GrantError) as refusal:
            factories.attach(grants.applicant_a, rules.draft, document)
        assert refusal.value.field == "document"
    assert not Attachment.objects.exists()
    attached = factories.attach(grants.applicant_a, rules.draft, rules.plan)
    assert attached.required_document == rules.plan


# --- The check page ------------------------------------------------------------------


def test_the_check_page_shows_every_answer_what_is_missing_and_no_button(client, grants, rules):
    client.force_login(grants.applicant_a)
    response = client.get(check_url(rules.draft))
    assert response.status_code == 200
    body = response.content.decode()
    edit = reverse("multicultural:edit", args=[rules.draft.pk])
    for anchor in ("title", "category", "summary", "project_start", "requested_amount"):
        assert f'href="{edit}#id_{anchor}"' in body
    assert 'Change<span class="visually-hidden"> Project title</span>' in body
    assert "Multilingual disaster seminar" in body and "¥1,000,000" in body
    assert body.count("mc-check--missing") == 2 and "Training curriculum" not in body
    attach = reverse("multicultural:application", args=[rules.draft.pk])
    assert f'href="{attach}?document={rules.budget.pk}#upload"' in body
    assert "¥3,000,000" in body  # the association's cap
    assert "the application can no longer be changed" in body
    assert "Submit to CLAIR" not in body
    assert "attach every document marked" in body


def test_with_every_document_attached_the_page_offers_the_button_and_submits(client, grants, rules):
    factories.attach(grants.applicant_a, rules.draft, rules.plan, name="plan.png")
    factories.attach(grants.applicant_a, rules.draft, rules.budget, name="budget.png")
    factories.attach(grants.applicant_a, rules.draft, name="photos.png")
    client.force_login(grants.colleague_a)
    body = client.get(check_url(rules.draft)).content.decode()
    assert "Not attached yet" not in body
    assert "plan.png" in body and "budget.png" in body and "photos.png" in body
    assert "Submit to CLAIR" in body

    response = client.post(check_url(rules.draft))
    assert response.status_code == 302
    assert response["Location"] == reverse("multicultural:application", args=[rules.draft.pk])
    rules.draft.refresh_from_db()
    assert rules.draft.state == GrantApplication.State.SUBMITTED
    # Submitted, the check page has nothing left to check: it leads to the application.
    response = client.get(check_url(rules.draft))
    assert response.status_code == 302
    assert response["Location"] == reverse("multicultural:application", args=[rules.draft.pk])


def test_the_check_page_in_japanese(client, grants, rules):
    factories.attach(grants.applicant_a, rules.draft, rules.plan, name="keikaku.png")
    client.force_login(grants.applicant_a)
    response = client.get(check_url(rules.draft, "ja"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "提出前の申請内容の確認" in body
    assert "必要書類" in body and "事業計画書" in body and "収支予算書" in body
    assert body.count("mc-check--missing") == 1 and "未添付" in body and "keikaku.png" in body
    assert '変更<span class="visually-hidden"> 事業名</span>' in body
    assert "提出すると、申請内容は変更できなくなります。" in body
    assert "Not attached yet" not in body and "Change" not in body


def test_a_refused_submission_shows_the_page_again_and_changes_nothing(client, grants, rules):
    client.force_login(grants.applicant_a)
    response = client.post(check_url(rules.draft))
    assert response.status_code == 400
    assert "Attach these documents before you submit: Project plan, Budget." in (
        response.content.decode()
    )
    rules.draft.refresh_from_db()
    assert rules.draft.state == GrantApplication.State.DRAFT
    response = client.post(check_url(rules.draft, "ja"))
    assert "提出する前に、次の書類を添付してください：事業計画書、収支予算書。" in (
        response.content.decode()
    )


def test_another_bodys_application_answers_404_and_stays_a_draft(client, grants, rules):
    factories.attach(grants.applicant_a, rules.draft, rules.plan)
    factories.attach(grants.applicant_a, rules.draft, rules.budget)
    for outsider in (grants.applicant_b, grants.hq):
        client.force_login(outsider)
        assert client.get(check_url(rules.draft)).status_code == 404
        assert client.post(check_url(rules.draft)).status_code == 404
    rules.draft.refresh_from_db()
    assert rules.draft.state == GrantApplication.State.DRAFT


def test_the_check_page_has_constant_queries(client, grants, rules, django_assert_max_num_queries):
    for i in range(8):
        extra = factories.required(grants.programme, f"Annex {i}", f"別紙{i}", position=10 + i)
        factories.attach(grants.applicant_a, rules.draft, extra, name=f"annex-{i}.png")
        factories.attach(grants.applicant_a, rules.draft, name=f"photo-{i}.png")
    client.force_login(grants.applicant_a)
    # session, user, the user's groups, the officer's organisation (membership) for
    # the access check, the application with programme, category and bodies, its
    # attachments, its required documents, the inbox's unread count, the viewer's zone.
    with django_assert_max_num_queries(9):
        response = client.get(check_url(rules.draft))
    assert response.status_code == 200
    assert len(response.context["requirements"]) == 10
    assert len(response.context["other_files"]) == 8


# --- Attaching and the rules shown from the start ---------------------------------------


def test_the_upload_form_offers_the_required_documents_and_records_which_one(client, grants, rules):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(grants.applicant_a)
    page = reverse("multicultural:application", args=[rules.draft.pk])
    body = client.get(page, {"document": rules.budget.pk}).content.decode()
    checked = re.findall(
        r'<input type="radio" name="upload-document" value="(\w+)"[^>]*checked', body
    )
    assert checked == [str(rules.budget.pk)]
    assert "Another supporting file" in body and "Training curriculum" not in body
    assert f'href="{check_url(rules.draft)}"' in body
    assert "Check your answers and submit" in body and "Submit to CLAIR" not in body

    upload = reverse("multicultural:upload", args=[rules.draft.pk])
    png = SimpleUploadedFile("budget.png", factories.PNG, content_type="image/png")
    response = client.post(upload, {"upload-document": rules.budget.pk, "upload-file": png})
    assert response.status_code == 302
    assert rules.draft.attachments.get().required_document == rules.budget

    png = SimpleUploadedFile("course.png", factories.PNG, content_type="image/png")
    response = client.post(upload, {"upload-document": rules.curriculum.pk, "upload-file": png})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert rules.draft.attachments.count() == 1


def test_the_apply_page_shows_the_required_documents_before_anything_is_typed(
    client, grants, rules
):
    client.force_login(grants.applicant_b)
    url = reverse("multicultural:apply", args=[grants.programme.pk])
    body = client.get(url).content.decode()
    assert "Project plan" in body and "Budget" in body
    assert f"for {rules.other_category.name_en} only" in body
    with translation.override("ja"):
        url = reverse("multicultural:apply", args=[grants.programme.pk])
    body = client.get(url).content.decode()
    assert "必要書類" in body and "事業計画書" in body and "研修カリキュラム" in body


# --- The admin -----------------------------------------------------------------------


def inline_row(index, programme, **fields):
    row = {"id": "", "programme": programme.pk, "position": "0", "category": ""}
    row.update(fields)
    return {f"required_documents-{index}-{name}": value for name, value in row.items()}


def test_hq_adds_required_documents_as_rows_of_the_programme(client, grants):
    client.force_login(grants.hq)
    data = admin_form(client, grants.programme)
    data.update(
        {"required_documents-TOTAL_FORMS": "1"}
        | inline_row(0, grants.programme, name_en="Project plan", name_ja="事業計画書")
    )
    response = client.post(change_url(grants.programme), data)
    assert response.status_code == 302
    document = RequiredDocument.objects.get(programme=grants.programme)
    assert (document.name_en, document.name_ja, document.category) == (
        "Project plan",
        "事業計画書",
        None,
    )
    assert document.history.get().history_user == grants.hq


def test_a_refused_document_row_saves_nothing_of_the_programme_either(client, grants):
    client.force_login(grants.hq)
    data = admin_form(client, grants.programme, budget="12000000")
    data.update(
        {"required_documents-TOTAL_FORMS": "1"}
        | inline_row(0, grants.programme, name_en="", name_ja="事業計画書")
    )
    response = client.post(change_url(grants.programme), data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors
    grants.programme.refresh_from_db()
    assert grants.programme.budget == 10_000_000  # the service had saved it; rolled back
    assert not RequiredDocument.objects.exists()
