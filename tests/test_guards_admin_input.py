"""The admin answers a NUL byte in its address with 400 and a message, never a 500.

PostgreSQL refuses NUL bytes in text, so a list filter, a search or an object id
carrying one used to fail in the database. One guard on the admin site covers
every admin page; this walks every registered changelist with each of its
filters' parameters.
"""

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

NUL = "\x00"


def changelist_parameters(model_admin, user) -> set[str]:
    """Every query parameter the changelist reads: its filters' (as the ChangeList names
    them, and the bare field paths of ``list_filter``), the search and the date drill-down."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    params = {p for spec in changelist.filter_specs for p in spec.expected_parameters()}
    for entry in model_admin.get_list_filter(request):
        if isinstance(entry, str):
            params.add(entry)
        elif isinstance(entry, tuple | list):
            params.add(entry[0])
    if model_admin.get_search_fields(request):
        params.add("q")
    if model_admin.date_hierarchy:
        params.update(f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return params | {"o", "p", "e", "_to_field"}


def changelists(user):
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        info = (model._meta.app_label, model._meta.model_name)
        url = reverse("admin:{}_{}_changelist".format(*info))
        yield model._meta.label, url, changelist_parameters(model_admin, user)


def test_every_admin_changelist_answers_a_nul_byte_in_any_filter_with_400(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.superuser)
    failures, walked = [], 0
    for label, url, params in changelists(cast.superuser):
        for param in sorted(params):
            for value in (NUL, f"a{NUL}b"):
                response = client.get(url, {param: value})
                walked += 1
                if response.status_code != 400 or "NUL" not in response.content.decode():
                    failures.append(f"{label} ?{param}={value!r}: {response.status_code}")
        # A parameter's *name* may carry one too.
        response = client.get(f"{url}?st%00ate=1")
        if response.status_code != 400:
            failures.append(f"{label} NUL in a name: {response.status_code}")
    assert failures == []
    assert walked > 200  # the walk reached every filter of every admin


def test_the_filters_still_work_without_a_nul_byte(cast):
    from sistercities.tests import factories

    factories.partner_request(by=cast.hq)
    client = Client()
    client.force_login(cast.superuser)
    url = reverse("admin:sistercities_partnerrequest_changelist")
    assert "City of Ballarat" in client.get(url, {"state": "published"}).content.decode()
    assert "City of Ballarat" not in client.get(url, {"state": "pending"}).content.decode()


def test_a_nul_byte_in_an_object_address_is_a_400_too(cast, reference_data):
    client = Client(raise_request_exception=False)
    client.force_login(cast.superuser)
    for path in (
        "/admin/reference/localgovernment/%00/change/",
        "/admin/reference/localgovernment/13%0001/history/",
        "/admin/sistercities/partnerrequest/%00/change/",
    ):
        assert client.get(path).status_code == 400, path
    # And in a form: an action on rows whose (text) keys hold one.
    url = reverse("admin:reference_localgovernment_changelist")
    response = client.post(url, {"action": "delete_selected", "_selected_action": ["13\x0001"]})
    assert response.status_code == 400


def test_the_message_is_in_the_admins_language(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.hq)
    url = reverse("admin:sistercities_partnerrequest_changelist")
    with translation.override("ja"):
        response = client.get(url, {"state": NUL}, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 400
    assert "NUL" in response.content.decode() and "使用できない文字" in response.content.decode()


def test_anonymous_visitors_get_the_login_page_not_the_message(client):
    url = reverse("admin:sistercities_partnerrequest_changelist")
    response = client.get(url, {"state": NUL})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
