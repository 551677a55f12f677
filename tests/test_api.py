import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_offices_api_lists_public_fields_only(client, reference_data):
    response = client.get("/api/v1/offices/")
    assert response.status_code == 200
    offices = {o["code"]: o for o in response.json()}
    assert len(offices) == 8
    london = offices["london"]
    assert london["phone"] == "+442078398500"
    assert london["timezone"] == "Europe/London"
    assert london["countries"] == ["GB"]
    assert offices["tokyo"]["departments"][0]["phone"] == "+81352131730"
    assert offices["new-york"]["email"] == ""
    assert "memberships" not in london and "id" not in london


def test_office_detail_by_code_and_404(client, reference_data):
    assert client.get("/api/v1/offices/paris/").json()["name_ja"] == "パリ事務所"
    assert client.get("/api/v1/offices/atlantis/").status_code == 404


def test_api_query_count_is_constant(client, reference_data, django_assert_max_num_queries):
    # offices, departments, divisions
    with django_assert_max_num_queries(3):
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
