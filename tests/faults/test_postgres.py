"""PostgreSQL frozen or down under a running portal: a translated 503 in seconds, then recovery.

The portal (gunicorn, production config) runs on a PostgreSQL of the suite's
own holding a copy of the test database; the tests stop every process of that
server with SIGSTOP, as a paused machine or a stuck disk would, and resume it,
or stop the server outright and start it again.
"""

import pytest

from tests.faults.conftest import portal_env, start_web, wait_until

pytestmark = pytest.mark.worker

PAGE_SECONDS = 10
HEALTH_SECONDS = 5


@pytest.fixture(scope="module")
def web(own_postgres, module_redis, tmp_path_factory):
    env = portal_env(database_url=own_postgres.url, redis_url=module_redis.url)
    # One thread: every request reuses the one kept connection, so a frozen server
    # is met first by the health check of a connection that looked fine.
    server = start_web(env, tmp_path_factory.mktemp("web") / "web.log", threads=1)
    yield server
    server.stop()


def test_postgres_frozen_pages_answer_503_in_time_and_recover_without_a_restart(web, own_postgres):
    anonymous = web.anonymous()
    assert anonymous.get("/en/offices/").status == 200  # the kept connection is open
    pid = web.process.pid

    own_postgres.freeze()
    try:
        health = web.get("/healthz")
        assert health.status == 503, health.body
        assert '"down": ["database"]' in health.body
        assert health.seconds < HEALTH_SECONDS
        for language, title in [
            ("en", "The portal is unavailable for the moment"),
            ("ja", "ただいまポータルをご利用いただけません"),
        ]:
            page = anonymous.get(f"/{language}/sister-cities/partners/")
            assert page.status == 503, page.body[:500]
            assert title in page.body
            assert f'<html lang="{language}">' in page.body
            assert page.headers["Retry-After"] == "30"
            assert page.seconds < PAGE_SECONDS
        # Pages that need no database still answer: home, and the office directory
        # already rendered into the cache (only its clocks are computed per request).
        for address in ["/en/", "/en/offices/"]:
            page = anonymous.get(address)
            assert page.status == 200, address
            assert page.seconds < PAGE_SECONDS
    finally:
        own_postgres.thaw()

    wait_until(lambda: web.get("/healthz").status == 200, 15, web.output, interval=0.5)
    assert anonymous.get("/en/offices/").status == 200
    assert anonymous.get("/ja/offices/").status == 200
    assert web.process.pid == pid and web.process.poll() is None  # no restart
    assert "the database did not answer within" in web.output()


def test_postgres_down_pages_answer_503_at_once_and_recover_when_it_is_back(web, own_postgres):
    anonymous = web.anonymous()
    assert anonymous.get("/en/offices/").status == 200
    pid = web.process.pid

    own_postgres.crash()
    try:
        health = web.get("/healthz")
        assert health.status == 503
        assert '"down": ["database"]' in health.body
        assert health.seconds < HEALTH_SECONDS
        page = anonymous.get("/ja/sister-cities/partners/")
        assert page.status == 503
        assert "ただいまポータルをご利用いただけません" in page.body
        assert page.seconds < PAGE_SECONDS
    finally:
        own_postgres.start()

    wait_until(lambda: web.get("/healthz").status == 200, 15, web.output, interval=0.5)
    assert anonymous.get("/en/offices/").status == 200
    assert web.process.pid == pid and web.process.poll() is None
