"""Subsidies: claims with receipts and a report, HQ's decisions within the rate, the caps
and the budget (the shared lock, under concurrency), payments and the dashboard."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clair_portal.notifications.models import Notification
from training import services, subsidies
from training.models import SubsidyClaim
from training.tests import factories

pytestmark = pytest.mark.django_db
State = SubsidyClaim.State


def _post_data(**changes):
    today = timezone.localdate()
    return {
        "title": "Study tour of Melbourne's multicultural services",
        "starts_on": (today - timezone.timedelta(days=20)).isoformat(),
        "ends_on": (today - timezone.timedelta(days=14)).isoformat(),
        "eligible_cost": "500000",
        "report": "We visited three councils' welcome centres.",
        "receipt_1": SimpleUploadedFile("fares.png", factories.PNG, content_type="image/png"),
        **changes,
    }


def test_an_officer_claims_with_a_receipt_and_the_rate_and_cap_set_the_request(client, cast):
    programme = factories.subsidy_programme(rate=50, per_person=200_000)
    client.force_login(cast.org_a)
    assert client.get(reverse("training:claims")).status_code == 200
    response = client.post(reverse("training:claim_new", args=[programme.pk]), _post_data())
    claim = SubsidyClaim.objects.get()
    assert response.url == reverse("training:claim", args=[claim.pk])
    # Half of ¥500,000 is ¥250,000, above the cap per person of ¥200,000.
    assert claim.requested_amount == 200_000
    assert claim.receipts.get().content_type == "image/png"
    receipt = client.get(
        reverse("training:claim_receipt", args=[claim.pk, claim.receipts.get().pk])
    )
    assert receipt.status_code == 200
    client.force_login(cast.org_b)
    assert client.get(reverse("training:claim", args=[claim.pk])).status_code == 404


def test_a_claim_before_the_end_or_with_a_bad_file_is_refused_and_the_input_kept(client, cast):
    programme = factories.subsidy_programme()
    client.force_login(cast.org_a)
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("training:claim_new", args=[programme.pk]), _post_data(ends_on=tomorrow)
    )
    assert response.status_code == 400
    assert "Melbourne" in response.content.decode()
    response = client.post(
        reverse("training:claim_new", args=[programme.pk]),
        _post_data(receipt_1=SimpleUploadedFile("r.png", b"MZ\\x90 not an image")),
    )
    assert response.status_code == 400
    assert not SubsidyClaim.objects.exists()


def test_hq_approves_reduces_with_a_reason_or_declines(cast):
    programme = factories.subsidy_programme(per_org=1_000_000)
    first = factories.claim(cast.org_a, programme, cost=200_000)  # requests 100,000
    second = factories.claim(cast.org_a, programme, cost=200_000)
    third = factories.claim(cast.org_a, programme, cost=200_000)
    subsidies.decide_claim(cast.hq, first.pk, approve=True)
    with pytest.raises(services.TrainingError, match="reason"):
        subsidies.decide_claim(cast.hq, second.pk, approve=True, amount=60_000)
    with pytest.raises(services.TrainingError, match="exceed"):
        subsidies.decide_claim(cast.hq, second.pk, approve=True, amount=100_001)
    subsidies.decide_claim(
        cast.hq, second.pk, approve=True, amount=60_000, reason="Lodging above the rate"
    )
    subsidies.decide_claim(cast.hq, third.pk, approve=False, reason="Not a JIAM course")
    states = dict(SubsidyClaim.objects.values_list("pk", "state"))
    assert states == {first.pk: "approved", second.pk: "reduced", third.pk: "declined"}
    note = Notification.objects.get(user=cast.org_a, event_key=f"subsidy-claim-{second.pk}-decided")
    assert "Lodging above the rate" in note.body
    assert programme.committed() == 160_000


def test_the_cap_per_organisation_holds(cast):
    programme = factories.subsidy_programme(per_org=150_000)
    first = factories.claim(cast.org_a, programme, cost=200_000)
    second = factories.claim(cast.org_a, programme, cost=200_000)
    subsidies.decide_claim(cast.hq, first.pk, approve=True)
    with pytest.raises(services.TrainingError, match="¥50,000 of this organisation's cap"):
        subsidies.decide_claim(cast.hq, second.pk, approve=True)
    # Sapporo's claims count against its own cap.
    other = factories.claim(cast.org_b, programme, cost=200_000)
    subsidies.decide_claim(cast.hq, other.pk, approve=True)


def test_payments_never_exceed_the_approval(client, cast):
    programme = factories.subsidy_programme()
    claim = factories.claim(cast.org_a, programme, cost=200_000)
    subsidies.decide_claim(cast.hq, claim.pk, approve=True)
    client.force_login(cast.hq)
    url = reverse("training:claim_pay", args=[claim.pk])
    today = timezone.localdate().isoformat()
    assert client.post(url, {"amount": "60000", "paid_on": today}).status_code == 302
    response = client.post(url, {"amount": "40001", "paid_on": today})
    assert response.status_code == 400
    assert "¥40,000" in response.content.decode()
    assert claim.paid() == 60_000


def test_the_dashboard_shows_the_year_in_a_pinned_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    programme = factories.subsidy_programme(budget=500_000)
    claim = factories.claim(cast.org_a, programme, cost=200_000)
    subsidies.decide_claim(cast.hq, claim.pk, approve=True)
    subsidies.record_payment(cast.hq, claim.pk, amount=100_000, paid_on=timezone.localdate())
    client.force_login(cast.hq)
    # Session, user, roles; the years, the programmes with their sums, the payments; nav tasks.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:subsidy_dashboard"))
    row = response.context["rows"][0]
    assert (row["committed"], row["paid"], row["remaining"]) == (100_000, 100_000, 400_000)


def test_the_officers_list_pins_its_queries(client, cast, django_assert_max_num_queries):
    programme = factories.subsidy_programme()
    for i in range(3):
        factories.claim(cast.org_a, programme, title=f"Tour {i}")
    client.force_login(cast.org_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:claims"))
    assert len(response.context["page"].object_list) == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_budget(cast):
    programme = factories.subsidy_programme(budget=300_000, per_org=10_000_000)
    claims = [factories.claim(cast.org_a, programme, cost=200_000, title=f"T{i}") for i in range(8)]
    barrier = threading.Barrier(len(claims))
    outcomes = []

    def approve(claim_id):
        try:
            barrier.wait(timeout=10)
            subsidies.decide_claim(cast.hq, claim_id, approve=True)
            outcomes.append("approved")
        except services.TrainingError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(c.pk,)) for c in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["approved"] * 3 + ["refused"] * 5
    assert programme.committed() == 300_000
