import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "broker": True}}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_names_the_broker_when_it_is_down(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/nothing-listens-here.sock"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


def test_healthz_names_the_database_when_it_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("clair_portal.health.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert response["Location"] == "/ja/"
