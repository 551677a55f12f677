"""Whatever arrives in the query string, the search answers a page or a 400, never a 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PARAMETERS = ["q", "prefecture", "lg_kind", "country", "region", "kind", "status", "field",
              "year", "decade", "sort", "page"]  # fmt: skip
# Text that tends to break things: control characters, surrogates' neighbours,
# right-to-left marks, combining marks, SQL and LIKE wildcards, and the scripts in use.
ODD = st.sampled_from(["'", '"', "%", "_", "\\", ";--", "\x00", "\x1b", "\u202e", "\u0301",
                       "\ufeff", "ｰ", "ー", "ﾞ", "長崎", "ながさき", "St.", "𝓷", "' OR 1=1 --"])  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=40),
    st.lists(ODD, max_size=8).map("".join),
    st.text(min_size=190, max_size=260),
    st.integers(-(10**12), 10**12).map(str),
)
QUERIES = st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=4)
EXAMPLES = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@EXAMPLES
@given(params=QUERIES)
def test_the_search_page_never_fails(world, params):
    response = Client(raise_request_exception=False).get("/en/sister-cities/", params)
    assert response.status_code in (200, 400), (params, response.status_code)
    if response.status_code == 400:
        assert 'role="alert"' in response.content.decode()


@EXAMPLES
@given(params=QUERIES)
def test_the_api_never_fails(world, params):
    response = Client(raise_request_exception=False).get("/api/v1/sister-cities/", params)
    assert response.status_code in (200, 400, 404), (params, response.status_code)
    assert response["Content-Type"].startswith("application/json")


def test_a_ten_thousand_character_query_is_a_400_with_a_message(client, world):
    response = client.get("/en/sister-cities/", {"q": "長" * 10_000})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


REQUEST_LIST = st.dictionaries(
    st.sampled_from(["q", "side", "country", "wants", "field", "industry", "page"]),
    VALUES,
    max_size=4,
)
PROJECT_LIST = st.dictionaries(
    st.sampled_from(["q", "field", "country", "affiliation", "page", "year"]), VALUES, max_size=4
)


@EXAMPLES
@given(params=REQUEST_LIST)
def test_the_partner_request_list_never_fails(world, params):
    response = Client(raise_request_exception=False).get("/en/sister-cities/partners/", params)
    assert response.status_code in (200, 400), (params, response.status_code)


@EXAMPLES
@given(params=PROJECT_LIST)
def test_the_project_list_never_fails(world, params):
    response = Client(raise_request_exception=False).get("/en/sister-cities/projects/", params)
    assert response.status_code in (200, 400), (params, response.status_code)


@EXAMPLES
@given(token=st.one_of(st.text(max_size=80), st.lists(ODD, max_size=8).map("".join)))
def test_links_with_a_made_up_token_are_a_404(world, token):
    from urllib.parse import quote

    client = Client(raise_request_exception=False)
    for kind in ("partners/confirm", "partners/renew", "survey"):
        response = client.get(f"/en/sister-cities/{kind}/{quote(token, safe='')}/")
        assert response.status_code == 404, (kind, token, response.status_code)


def test_a_calendar_feed_with_a_made_up_token_is_a_404(client):
    for token in ("\x00" * 20, "a" * 43 + "\x00", "x" * 500, "' OR 1=1 --aaaaaaaaaaa"):
        from urllib.parse import quote

        assert client.get(f"/en/jet/calendar/{quote(token, safe='')}.ics").status_code == 404
