"""HQ review and decision, payments and completion; the budget holds under concurrency."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from clair_portal.notifications.models import Notification
from multicultural import services
from multicultural.models import Disbursement, GrantApplication, Review
from multicultural.tests import factories


@pytest.mark.django_db
class TestDecisions:
    def test_reviews_move_the_application_under_review_and_one_per_reviewer(self, grants):
        application = factories.submitted(grants.applicant_a, grants.programme)
        services.record_review(grants.hq, application.pk, score=3, comment="Clear plan")
        services.record_review(grants.hq, application.pk, score=4, comment="Revised")
        review = Review.objects.get()
        assert (review.score, review.comment) == (4, "Revised")
        application.refresh_from_db()
        assert application.state == GrantApplication.State.UNDER_REVIEW

    def test_a_draft_cannot_be_reviewed_or_decided(self, grants):
        application = factories.draft(grants.applicant_a, grants.programme)
        with pytest.raises(services.GrantError):
            services.record_review(grants.hq, application.pk, score=3)
        with pytest.raises(services.GrantError):
            services.decide(grants.hq, application.pk, award=True, amount=500_000)
        application.refresh_from_db()
        assert application.awarded_amount is None

    def test_the_award_is_at_most_what_was_requested(self, grants):
        application = factories.submitted(grants.applicant_a, grants.programme, amount=800_000)
        with pytest.raises(services.GrantError, match="¥800,000"):
            services.decide(grants.hq, application.pk, award=True, amount=800_001)
        services.decide(grants.hq, application.pk, award=True, amount=700_000, comment="Well done")
        application.refresh_from_db()
        assert application.state == GrantApplication.State.AWARDED
        assert application.awarded_amount == 700_000
        assert application.report_due_on > application.project_end
        with pytest.raises(services.GrantError, match="already been decided"):
            services.decide(grants.hq, application.pk, award=False)

    def test_an_award_beyond_the_remaining_budget_is_refused(self, grants):
        grants.programme.budget = 1_500_000
        grants.programme.save()
        first = factories.submitted(grants.applicant_a, grants.programme, amount=1_000_000)
        second = factories.submitted(grants.applicant_b, grants.programme, amount=1_000_000)
        services.decide(grants.hq, first.pk, award=True, amount=1_000_000)
        with pytest.raises(services.GrantError, match="¥500,000"):
            services.decide(grants.hq, second.pk, award=True, amount=600_000)
        second.refresh_from_db()
        assert second.state == GrantApplication.State.SUBMITTED
        services.decide(grants.hq, second.pk, award=True, amount=500_000)
        assert grants.programme.committed() == 1_500_000

    def test_the_decision_tells_every_officer_of_the_body_and_nobody_else(
        self, grants, django_capture_on_commit_callbacks, mailoutbox
    ):
        application = factories.submitted(grants.applicant_a, grants.programme)
        with django_capture_on_commit_callbacks(execute=True):
            services.decide(grants.hq, application.pk, award=True, amount=900_000)
        told = set(Notification.objects.values_list("user__email", flat=True))
        assert told == {"applicant.a@example.org", "colleague.a@example.org"}
        assert "¥900,000" in Notification.objects.first().body
        assert len(mailoutbox) == 2

    def test_payments_never_exceed_the_award(self, grants):
        application = factories.submitted(grants.applicant_a, grants.programme)
        with pytest.raises(services.GrantError):
            services.record_disbursement(grants.hq, application.pk, amount=1, paid_on=date.today())
        services.decide(grants.hq, application.pk, award=True, amount=900_000)
        services.record_disbursement(
            grants.hq, application.pk, amount=600_000, paid_on=date.today()
        )
        with pytest.raises(services.GrantError, match="¥300,000"):
            services.record_disbursement(
                grants.hq, application.pk, amount=300_001, paid_on=date.today()
            )
        services.record_disbursement(
            grants.hq, application.pk, amount=300_000, paid_on=date.today()
        )
        assert sum(Disbursement.objects.values_list("amount", flat=True)) == 900_000

    def test_the_completion_report_completes_an_award(self, grants):
        application = factories.submitted(grants.applicant_a, grants.programme)
        with pytest.raises(services.GrantError):
            services.submit_completion_report(grants.applicant_a, application.pk, text="Done")
        services.decide(grants.hq, application.pk, award=True, amount=900_000)
        services.submit_completion_report(grants.colleague_a, application.pk, text="120 came.")
        application.refresh_from_db()
        assert application.state == GrantApplication.State.COMPLETED
        assert application.report_text == "120 came." and application.reported_at

    def test_hq_decides_through_the_page_and_bad_input_keeps_the_application(self, client, grants):
        application = factories.submitted(grants.applicant_a, grants.programme, amount=800_000)
        client.force_login(grants.hq)
        url = reverse("multicultural:decide", args=[application.pk])
        response = client.post(url, {"decision-outcome": "award", "decision-amount": "900000"})
        assert response.status_code == 400
        assert "¥800,000" in response.content.decode()
        application.refresh_from_db()
        assert application.state == GrantApplication.State.SUBMITTED

        response = client.post(url, {"decision-outcome": "award", "decision-amount": "750000"})
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.awarded_amount == 750_000

        client.force_login(grants.applicant_a)
        page = client.get(reverse("multicultural:application", args=[application.pk]))
        assert "¥750,000" in page.content.decode()
        assert page.context["application"].get_state_display() == "awarded"

    def test_application_page_queries_do_not_grow_with_files_reviews_and_payments(
        self, client, grants, django_assert_max_num_queries
    ):
        application = factories.submitted(grants.applicant_a, grants.programme)
        services.decide(grants.hq, application.pk, award=True, amount=900_000)
        for _ in range(5):
            services.record_disbursement(
                grants.hq, application.pk, amount=1_000, paid_on=date.today()
            )
        client.force_login(grants.hq)
        # session, user, groups, the application with its programme, category, bodies and
        # prefecture, attachments, reviews with reviewers, payments, the programme's required
        # documents, the inbox's unread count, the viewer's zone (an office membership, or
        # none: Japan time).
        with django_assert_max_num_queries(10):
            response = client.get(reverse("multicultural:application", args=[application.pk]))
        assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_decisions_never_commit_more_than_the_budget(grants):
    """Eight reviewers award at the same moment on real PostgreSQL; the budget holds."""
    grants.programme.budget = 3_000_000
    grants.programme.save()
    applications = [
        factories.submitted(grants.applicant_b, grants.programme, amount=1_000_000, title=f"P{i}")
        for i in range(8)
    ]
    barrier = threading.Barrier(len(applications))
    outcomes = []

    def decide(application_id):
        try:
            barrier.wait(timeout=10)
            services.decide(grants.hq, application_id, award=True, amount=1_000_000)
            outcomes.append("awarded")
        except services.GrantError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(a.pk,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == ["awarded"] * 3 + ["refused"] * 5
    grants.programme.refresh_from_db()
    assert grants.programme.committed() == 3_000_000
    assert GrantApplication.objects.filter(state="awarded").count() == 3


@pytest.mark.django_db
def test_hq_cannot_lower_a_budget_below_what_is_awarded(client, grants):
    application = factories.submitted(grants.applicant_a, grants.programme, amount=2_000_000)
    services.decide(grants.hq, application.pk, award=True, amount=2_000_000)
    client.force_login(grants.hq)
    url = reverse("admin:multicultural_grantprogramme_change", args=[grants.programme.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "categories"}
    data.update(
        {
            "categories": [c.pk for c in grants.programme.categories.all()],
            "opens_at_0": grants.programme.opens_at.date().isoformat(),
            "opens_at_1": "00:00:00",
            "closes_at_0": grants.programme.closes_at.date().isoformat(),
            "closes_at_1": "00:00:00",
            "budget": "1999999",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "¥2,000,000 has already been awarded" in response.content.decode()
    grants.programme.refresh_from_db()
    assert grants.programme.budget == 10_000_000
