"""Redis down: pages answer at once, rate limits fail open with a warning, nothing is a 500.

The fault suite (tests/faults/) stops and freezes real servers; here the cache
simply points at a socket nobody listens on.
"""

import ast
import logging
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from clair_portal import cache as guarded_cache
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(guarded_cache, "_skip_until", {})
    caches = {**settings.CACHES}
    caches["default"] = {**caches["default"], "LOCATION": f"unix://{tmp_path}/gone.sock"}
    settings.CACHES = caches


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_log_in_and_public_posts_work_and_warn_that_limits_are_off(
    redis_down, settings, reference_data, caplog
):
    settings.RATELIMIT_PUBLIC_POST = "1/m"
    make_user("someone@example.org")
    client = Client()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            response, seconds = timed(
                lambda: client.post(
                    "/en/accounts/login/",
                    {"username": "someone@example.org", "password": "wrong"},
                )
            )
            assert response.status_code == 200  # the form again, not 429 or 500
            assert seconds < 2
        response = client.post(
            "/en/accounts/login/", {"username": "someone@example.org", "password": PASSWORD}
        )
    assert response.status_code == 302
    assert "rate limit public-post not applied: the cache did not answer" in caplog.text
    assert "cache unavailable" in caplog.text


def test_public_search_and_api_answer(redis_down, reference_data):
    client = Client()
    response, seconds = timed(lambda: client.get(reverse("sistercities:search"), {"q": "長崎"}))
    assert response.status_code == 200
    assert seconds < 5
    response, seconds = timed(lambda: client.get("/api/v1/offices/"))
    assert response.status_code == 200
    assert seconds < 2


def test_the_cache_answers_as_an_empty_one(redis_down):
    from django.core.cache import cache

    assert cache.get("anything", "default") == "default"
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("k")
    cache.set("k", 1)  # nothing to do, nothing raised
    assert cache.delete("k") is False


def test_no_task_reaches_the_broker_except_through_enqueue():
    """``task.delay()`` waits as long as the broker is down; ``enqueue`` never does."""
    root = Path(__file__).resolve().parent.parent
    allowed = {root / "clair_portal" / "outbox" / "services.py"}
    offenders = []
    for app in ["clair_portal", "reference", "offices", "jet", "sistercities", "cooperation",
                "multicultural"]:  # fmt: skip
        for path in (root / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts or path in allowed:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"delay", "apply_async", "send_task"}
                ):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == [], f"use clair_portal.outbox.services.enqueue instead: {offenders}"
