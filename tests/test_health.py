import socket
import time

import pytest
from django.db import connection

from clair_portal import health

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
    # The check opens a connection of its own: point it where no server listens.
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", str(port))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
    # The request's own connection was not touched.
    assert connection.is_usable()


def test_healthz_answers_in_time_when_a_check_hangs(client, settings, monkeypatch):
    settings.HEALTH_TIMEOUT = 0.5
    monkeypatch.setitem(health.CHECKS, "broker", lambda: time.sleep(5) or True)
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert response["Location"] == "/ja/"
