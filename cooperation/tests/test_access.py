"""Every cooperation page × every party: the owner, a colleague, other offices, HQ, the public.

Someone else's object answers 404, exactly like a missing one; a page that
needs a login sends the anonymous visitor to it.
"""

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.models import Dispatch, DispatchRequest, Specialist
from cooperation.tests import factories
from cooperation.tests.conftest import COOP_ROLES

pytestmark = pytest.mark.django_db

LOGIN = "login"
HQ = {"hq_coop": 200, "hq_other": 200}


def outcomes(default=404, **given):
    table = dict.fromkeys(COOP_ROLES, default)
    table["anonymous"] = LOGIN
    table.update(given)
    return table


# url name, kwargs placeholders, method, outcomes
VIEWS = [
    ("index", {}, "get", outcomes(302)),
    ("my_profile", {}, "get", outcomes(specialist_a=200, specialist_b=200)),
    ("specialist_list", {}, "get", outcomes(**HQ)),
    ("specialist_detail", {"pk": "specialist_a"}, "get", outcomes(**HQ)),
    ("specialist_deactivate", {"pk": "specialist_a"}, "post", outcomes(hq_coop=302, hq_other=302)),
    ("request_list", {}, "get", outcomes(office_a=200, office_b=200, **HQ)),
    ("request_create", {}, "get", outcomes(office_a=200, office_b=200, **HQ)),
    ("request_detail", {"pk": "request"}, "get", outcomes(office_a=200, **HQ)),
    ("request_select", {"pk": "open_request"}, "post", outcomes(hq_coop=302, hq_other=302)),
    ("dispatch_list", {}, "get", outcomes(office_a=200, office_b=200, **HQ)),
    ("dispatch_detail", {"pk": "dispatch"}, "get", outcomes(office_a=200, **HQ)),
    ("dispatch_detail", {"pk": "dispatch"}, "post", outcomes(hq_coop=200, hq_other=200)),
    ("trainee_list", {}, "get", outcomes(**HQ)),
    ("trainee_detail", {"pk": "trainee"}, "get", outcomes(**HQ)),
    ("trainee_create", {}, "get", outcomes(**HQ)),
    ("trainee_create", {}, "post", outcomes(**HQ)),  # an empty form: shown again with errors
    ("trainee_edit", {"pk": "trainee"}, "get", outcomes(**HQ)),
    ("trainee_edit", {"pk": "trainee"}, "post", outcomes(**HQ)),
    ("trainee_selection", {"pk": "trainee"}, "post", outcomes(hq_coop=302, hq_other=302)),
    ("trainee_passport", {"pk": "trainee"}, "get", outcomes(hq_coop=200)),
    ("trainee_passport", {"pk": "trainee"}, "post", outcomes(hq_coop=200)),
    ("programme_list", {}, "get", outcomes(**HQ)),
    ("programme_list", {}, "post", outcomes(**HQ)),
    ("offer_list", {"year": "year"}, "get", outcomes(**HQ)),
    ("offer_create", {"year": "year"}, "get", outcomes(**HQ)),
    ("offer_create", {"year": "year"}, "post", outcomes(**HQ)),
    ("offer_edit", {"pk": "offer"}, "get", outcomes(**HQ)),
    ("offer_edit", {"pk": "offer"}, "post", outcomes(**HQ)),
    ("statistics", {"year": "year"}, "get", outcomes(**HQ)),
]


@pytest.fixture
def world(coop):
    alice = Specialist.objects.get(user=coop.specialist_a)
    bob = Specialist.objects.get(user=coop.specialist_b)
    request = factories.dispatch_request(coop.office_a)
    open_request = factories.dispatch_request(coop.hq_coop)
    dispatch = services.select_specialist(request, bob, by=coop.hq_coop)
    trainee = factories.trainee()
    offer = factories.offer()
    return {
        "offer": offer.pk,
        "specialist_a": alice.pk,
        "request": request.pk,
        "open_request": open_request.pk,
        "dispatch": dispatch.pk,
        "trainee": trainee.pk,
        "year": trainee.programme.fiscal_year,
        "bob": bob.pk,
    }


@pytest.mark.parametrize(
    ("name", "kwargs", "method", "expected"), VIEWS, ids=[f"{v[0]}-{v[2]}" for v in VIEWS]
)
def test_every_view_for_every_role(client, coop, world, name, kwargs, method, expected):
    """One world per view, every role in turn; failures name the role and the URL.

    Roles that must be refused go first, so that a refusal is never explained
    by an earlier role's POST having changed the object.
    """
    url = reverse(f"cooperation:{name}", kwargs={k: world[v] for k, v in kwargs.items()})
    data = {"specialist": world["bob"]} if name == "request_select" else {}
    failures = []
    for role in sorted(COOP_ROLES, key=lambda r: expected[r] not in (404, LOGIN)):
        client.logout()
        user = coop.by_role(role)
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url, data)
        want = expected[role]
        if want == LOGIN:
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{role} {method} {url}: {response.status_code}, wanted {want}")
    assert failures == []


def test_a_specialist_sees_only_their_own_profile(client, coop):
    client.force_login(coop.specialist_a)
    page = client.get(reverse("cooperation:my_profile")).content.decode()
    assert "Alice.Specialist" in page and "Bob.Specialist" not in page
    bob = Specialist.objects.get(user=coop.specialist_b)
    assert client.get(reverse("cooperation:specialist_detail", args=[bob.pk])).status_code == 404


def test_a_specialist_cannot_change_someone_elses_profile_by_posting(client, coop):
    """The form edits the signed-in specialist's own row; nothing names another's."""
    client.force_login(coop.specialist_a)
    bob = Specialist.objects.get(user=coop.specialist_b)
    client.post(reverse("cooperation:my_profile"), {"full_name": "Hijacked", "id": bob.pk})
    bob.refresh_from_db()
    assert bob.full_name == "Bob.Specialist"


def test_office_staff_list_only_requests_from_their_countries(client, coop, world):
    french = factories.dispatch_request(
        coop.office_b, government=factories.foreign_government("Lyon", "FR")
    )
    client.force_login(coop.office_b)
    page = client.get(reverse("cooperation:request_list")).content.decode()
    assert "Lyon" in page and "Bristol" not in page
    client.force_login(coop.office_a)
    page = client.get(reverse("cooperation:request_list")).content.decode()
    assert "Bristol" in page and "Lyon" not in page
    assert client.get(reverse("cooperation:request_detail", args=[french.pk])).status_code == 404
    dispatches = client.get(reverse("cooperation:dispatch_list")).content.decode()
    assert "Bob.Specialist" in dispatches
    client.force_login(coop.office_b)
    assert "Bob.Specialist" not in client.get(reverse("cooperation:dispatch_list")).content.decode()


def test_office_staff_see_the_request_but_not_the_ranking_and_cannot_select(client, coop, world):
    client.force_login(coop.office_a)
    page = client.get(reverse("cooperation:request_detail", args=[world["open_request"]]))
    assert page.status_code == 200
    assert page.context["candidates"] == []
    assert b"request_select" not in page.content and b"/select/" not in page.content
    request = DispatchRequest.objects.get(pk=world["open_request"])
    assert request.state == DispatchRequest.State.OPEN
    assert not Dispatch.objects.filter(request=request).exists()
