"""The optional read replica: which reads go where, and a public page served from it."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clair_portal.accounts.models import User
from clair_portal.db import replica as routing
from clair_portal.db.replica import PIN_COOKIE, PRIMARY, REPLICA, ReplicaRouter


@pytest.fixture
def replica():
    """A ``replica`` alias on the test database, as DATABASE_REPLICA_URL with TEST MIRROR gives.

    Its own connection, so a test sees which queries went to it. Opened here: the
    test case allows queries on the aliases it knew of when it started.
    """
    databases = connections.settings  # settings.DATABASES itself
    databases[REPLICA] = {
        **connections[PRIMARY].settings_dict,
        "TEST": {**connections[PRIMARY].settings_dict["TEST"], "MIRROR": PRIMARY},
    }
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del databases[REPLICA]


@pytest.fixture
def public_reads():
    token = routing._replica_reads.set(True)
    yield
    routing._replica_reads.reset(token)


def test_without_a_replica_the_router_leaves_every_choice_to_django(public_reads):
    router = ReplicaRouter()
    assert REPLICA not in settings.DATABASES
    assert router.db_for_read(User) is None
    assert router.db_for_write(User) is None
    assert router.allow_migrate(PRIMARY, "accounts") is None


def test_public_reads_go_to_the_replica_and_writes_to_the_primary(replica, public_reads):
    router = ReplicaRouter()
    assert router.db_for_read(User) == REPLICA
    assert router.db_for_write(User) == PRIMARY
    assert router.allow_migrate(REPLICA, "accounts") is False
    assert router.allow_migrate(PRIMARY, "accounts") is None


def test_other_requests_and_workers_read_the_primary(replica):
    assert ReplicaRouter().db_for_read(User) is None  # Django's default: the primary


@pytest.mark.django_db
def test_a_read_inside_a_transaction_goes_to_the_primary(replica, public_reads):
    with transaction.atomic():
        assert ReplicaRouter().db_for_read(User) == PRIMARY


@pytest.mark.parametrize(
    ("method", "cookies", "meta", "expected"),
    [
        ("GET", {}, {}, True),
        ("HEAD", {}, {}, True),
        ("POST", {}, {}, False),
        ("GET", {settings.SESSION_COOKIE_NAME: "abc"}, {}, False),
        ("GET", {PIN_COOKIE: "1"}, {}, False),
        ("GET", {}, {"HTTP_AUTHORIZATION": "Bearer x"}, False),
    ],
)
def test_only_anonymous_safe_requests_may_read_the_replica(rf, method, cookies, meta, expected):
    request = rf.generic(method, "/", **meta)
    request.COOKIES.update(cookies)
    assert routing.may_read_replica(request) is expected


@pytest.fixture
def open_replica(replica, transactional_db):
    replica.connect()
    return replica


@pytest.mark.django_db(transaction=True)
def test_a_public_page_is_served_from_the_replica_and_a_signed_in_page_from_the_primary(
    open_replica, client, cast
):
    replica = open_replica
    url = reverse("offices:directory")
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert "London" in response.content.decode()
    assert len(on_replica) > 0
    assert on_primary.captured_queries == []

    # A visitor who sends a form reads the primary for a while afterwards.
    response = client.post(reverse("set_language"), {"language": "ja", "next": url})
    assert response.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(url).status_code == 200
    assert on_replica.captured_queries == []

    client.cookies.pop(PIN_COOKIE)
    client.force_login(cast.office_a)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(url).status_code == 200
    assert on_replica.captured_queries == []


def test_database_replica_url_adds_a_replica_mirrored_in_tests_and_must_be_postgresql():
    def databases(**env):
        return subprocess.run(
            [
                sys.executable, "-c",
                "import json, django; django.setup(); from django.conf import settings; "
                "print(json.dumps({k: [v['ENGINE'], v['NAME'], v['TEST']] "
                "for k, v in settings.DATABASES.items()}))",
            ],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "clair_portal.settings", **env},
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    plain = databases(DATABASE_REPLICA_URL="")
    assert plain.returncode == 0, plain.stderr
    assert list(json.loads(plain.stdout)) == [PRIMARY]

    configured = json.loads(
        databases(DATABASE_REPLICA_URL="postgresql://reader@standby:5432/clair").stdout
    )
    assert configured[REPLICA][:2] == ["clair_portal.db", "clair"]
    assert configured[REPLICA][2]["MIRROR"] == PRIMARY

    wrong = databases(DATABASE_REPLICA_URL="sqlite:///tmp/replica.db")
    assert wrong.returncode != 0
    assert "DATABASE_REPLICA_URL must point at PostgreSQL" in wrong.stderr
