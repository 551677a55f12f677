import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_offices_api_lists_public_fields_only(client, reference_data):
    response = client.get("/api/v1/offices/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 8 and body["next"] is None and body["previous"] is None
    offices = {o["code"]: o for o in body["results"]}
    assert len(offices) == 8
    london = offices["london"]
    assert london["phone"] == "+442078398500"
    assert london["timezone"] == "Europe/London"
    assert london["countries"] == ["GB"]
    assert offices["tokyo"]["departments"][0]["phone"] == "+81352131730"
    assert offices["new-york"]["email"] is None and offices["new-york"]["fax"] is None
    assert "memberships" not in london and "id" not in london


def test_office_detail_by_code_and_404(client, reference_data):
    assert client.get("/api/v1/offices/paris/").json()["name_ja"] == "パリ事務所"
    assert client.get("/api/v1/offices/atlantis/").status_code == 404


def test_api_query_count_is_constant(client, reference_data, django_assert_max_num_queries):
    # the count, offices, departments, divisions
    with django_assert_max_num_queries(4):
        client.get("/api/v1/offices/")


def test_openapi_schema_describes_the_api(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "CLAIR Portal public API"
    assert "/api/v1/offices/" in schema["paths"]


def test_api_is_read_only(client, reference_data):
    assert client.post("/api/v1/offices/", {}).status_code == 405
    assert client.delete("/api/v1/offices/london/").status_code == 405


def test_api_is_rate_limited_per_client_with_retry_after(client, monkeypatch, reference_data):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "3/min", raising=False)
    for _ in range(3):
        assert client.get("/api/v1/offices/", REMOTE_ADDR="10.9.9.9").status_code == 200
    response = client.get("/api/v1/offices/", REMOTE_ADDR="10.9.9.9", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert (
        response.json()["detail"]
        == "リクエストが多すぎます。60秒ほど待ってから、もう一度お試しください。"
    )
    assert client.get("/api/v1/offices/", REMOTE_ADDR="10.8.8.8").status_code == 200


def test_the_schema_documents_nulls_codes_and_every_error_answer(client, db):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    office = schema["components"]["schemas"]["Office"]["properties"]
    assert office["fax"]["nullable"] is True and office["email"]["format"] == "email"
    assert office["website"] == {**office["website"], "format": "uri", "nullable": True}
    listing = schema["paths"]["/api/v1/sister-cities/"]["get"]
    params = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert "JP" in params["country"]["enum"] and "" not in params["country"]["enum"]
    assert params["decade"] == {"type": "integer", "enum": list(range(1950, 2030, 10))}
    assert set(params["sort"]["enum"]) == {"established", "-established", "partner", "country"}
    assert len(params["prefecture"]["enum"]) == 47
    assert params["page"]["minimum"] == 1
    answers = listing["responses"]
    assert set(answers) == {"200", "400", "404", "429"}
    assert answers["429"]["headers"]["Retry-After"]["required"] is True
    assert answers["200"]["headers"]["ETag"]["required"] is True
    assert "additionalProperties" in answers["400"]["content"]["application/json"]["schema"]
    detail = schema["paths"]["/api/v1/offices/{code}/"]["get"]["responses"]
    assert set(detail) == {"200", "404", "429"}
    assert "Versioning" in schema["info"]["description"]


@pytest.mark.parametrize("param", ["country", "decade", "sort", "prefecture"])
def test_an_empty_code_is_refused_like_any_code_not_in_the_schema(client, db, param):
    response = client.get("/api/v1/sister-cities/", {param: ""})
    assert response.status_code == 400
    assert list(response.json()) == [param]
