"""Every multicultural view × every party: the applicant and a colleague of body A, the
applicant of body B, HQ and the anonymous public. Another body's objects answer 404."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from multicultural import services
from multicultural.tests import factories

pytestmark = pytest.mark.django_db

PARTIES = ["applicant_a", "colleague_a", "applicant_b", "hq", "anonymous"]
LOGIN = "login"


def expect(a=None, colleague=None, b=None, hq=None, anonymous=LOGIN, *, same=None):
    if same is not None:
        a = colleague = b = hq = same
    return {
        "applicant_a": a,
        "colleague_a": colleague if colleague is not None else a,
        "applicant_b": b,
        "hq": hq,
        "anonymous": anonymous,
    }


OWN_BODY = expect(a=200, b=404, hq=404)
OWN_BODY_OR_HQ = expect(a=200, b=404, hq=200)
HQ = expect(a=404, b=404, hq=200)
HQ_FORM = expect(a=404, b=404, hq=400)  # an empty form comes back with its errors
PUBLIC = expect(same=200, anonymous=200)

# name, kwargs, method, outcomes
VIEWS = [
    ("index", {}, "get", PUBLIC),
    ("associations", {}, "get", PUBLIC),
    ("library", {}, "get", PUBLIC),
    ("library_version", {"pk": "version"}, "get", PUBLIC),
    ("library_file", {"pk": "version"}, "get", PUBLIC),
    ("coverage", {}, "get", HQ),
    ("applications", {}, "get", expect(a=200, b=200, hq=404)),
    ("apply", {"programme_id": "programme"}, "get", expect(a=200, b=200, hq=404)),
    ("application", {"pk": "application"}, "get", OWN_BODY_OR_HQ),
    ("edit", {"pk": "application"}, "get", OWN_BODY),
    ("upload", {"pk": "application"}, "post", expect(a=400, b=404, hq=404)),
    ("attachment", {"pk": "application", "attachment_id": "attachment"}, "get", OWN_BODY_OR_HQ),
    ("submit", {"pk": "application"}, "get", OWN_BODY),
    ("submit", {"pk": "application"}, "post", expect(a=302, b=404, hq=404)),
    ("completion", {"pk": "application"}, "post", expect(a=400, b=404, hq=404)),
    ("review_list", {}, "get", HQ),
    ("dashboard", {}, "get", HQ),
    ("review", {"pk": "application"}, "post", HQ_FORM),
    ("decide", {"pk": "application"}, "post", HQ_FORM),
    ("disburse", {"pk": "application"}, "post", HQ_FORM),
]


@pytest.fixture
def world(grants):
    application = factories.draft(grants.applicant_a, grants.programme)
    attachment = services.add_attachment(
        grants.applicant_a,
        application.pk,
        SimpleUploadedFile("plan.png", factories.PNG, content_type="image/png"),
    )
    doc = factories.document()
    version = services.publish_version(
        doc,
        factories.language("en"),
        title="Garbage",
        file=SimpleUploadedFile("garbage.png", factories.PNG, content_type="image/png"),
        published_on=date(2026, 4, 1),
    )
    return {
        "application": application.pk,
        "attachment": attachment.pk,
        "programme": grants.programme.pk,
        "version": version.pk,
    }


def test_every_view_is_covered():
    from multicultural import urls

    assert {name for name, *_ in VIEWS} == {p.name for p in urls.urlpatterns}


@pytest.mark.parametrize(
    ("name", "kwargs", "method", "outcomes"), VIEWS, ids=[f"{v[0]}-{v[2]}" for v in VIEWS]
)
def test_view_for_every_party(client, grants, world, name, kwargs, method, outcomes):
    url = reverse(f"multicultural:{name}", kwargs={k: world[v] for k, v in kwargs.items()})
    failures = []
    for party in PARTIES:
        client.logout()
        user = grants.by_role(party)
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url)
        expected = outcomes[party]
        if expected == LOGIN:
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            ok = response.status_code == expected
        if not ok:
            failures.append(f"{party}: {response.status_code}, expected {expected}")
    assert failures == []


def test_another_bodys_list_never_shows_body_as_applications(client, grants, world):
    client.force_login(grants.applicant_b)
    response = client.get(reverse("multicultural:applications"))
    assert list(response.context["page"].object_list) == []
    assert "Multilingual disaster seminar" not in response.content.decode()
