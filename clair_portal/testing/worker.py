"""A real Celery worker process for tests about queueing itself.

Register with ``pytest_plugins = ["clair_portal.testing.worker"]`` in the root
conftest. A test that uses ``celery_worker_process`` must be marked
``@pytest.mark.worker`` (so tasks are sent to the broker instead of run
eagerly) and ``@pytest.mark.django_db(transaction=True)`` (so the worker, on
its own connection, sees the rows the test commits).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

READY_TIMEOUT = 60
BASE_DIR = Path(__file__).resolve().parent.parent.parent


def worker_database_url() -> str:
    """A DATABASE_URL for the database this test run uses (its test database).

    The host may be a Unix socket directory (the embedded PostgreSQL); it is
    percent-encoded into the host part, as ``clair_portal.embedded`` does.
    """
    params = connection.settings_dict
    user = quote(params.get("USER") or "", safe="")
    password = quote(params.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(params.get("HOST") or "localhost", safe="")
    port = f":{params['PORT']}" if params.get("PORT") else ""
    name = quote(params["NAME"], safe="")
    return f"postgresql://{credentials}{host}{port}/{name}"


@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log_path: Path

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """Kill the worker at once (SIGKILL), as a crash or an OOM killer would."""
        self._signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self, timeout: float = 20) -> None:
        """Ask the worker to finish and exit; kill it if it does not."""
        if self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, signum) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)


@pytest.fixture
def celery_worker_includes() -> list[str]:
    """Extra modules the worker imports at start (override in a test module).

    Lets a test register a job kind or task that exists only for tests, in the
    worker as well as in the test process.
    """
    return []


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Extra environment for the worker (override in a test module), e.g.
    ``CLAIR_TEST_MAIL_DIR`` for the recording mail backend of ``clair_portal.testing.mail``."""
    return {}


def start_worker(
    log_path: Path,
    *,
    name: str = "test",
    includes=(),
    env: dict | None = None,
    queues=(),
) -> WorkerProcess:
    """Start ``celery -A clair_portal worker --pool solo`` on the test database and wait
    until it is ready; a second call starts a fresh worker, as after a restart.

    Without ``queues`` the worker consumes every queue (clair_portal/queues.py);
    with them, only those, as one of production's workers per queue does.

    The worker shares the test's broker (``REDIS_URL``) and ``MEDIA_ROOT``; its log
    is at ``log_path`` and printed when it fails to start.
    """
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "clair_portal.testing.worker_settings",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "clair_portal", "worker",
        "--pool", "solo", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
        "--hostname", f"{name}-{os.getpid()}@%h",
    ]  # fmt: skip
    if includes:
        command += ["--include", ",".join(includes)]
    if queues:
        command += ["--queues", ",".join(queues)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    worker = WorkerProcess(process, log_path)
    try:
        _wait_until_ready(worker)
    except BaseException:
        worker.stop()
        raise
    return worker


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, celery_worker_includes, celery_worker_env):
    """A worker (see ``start_worker``) for the test, stopped at its end.

    Depends on ``transactional_db`` so the worker starts after the test
    database exists and is stopped before it is flushed.
    """
    worker = start_worker(
        tmp_path / "celery-worker.log", includes=celery_worker_includes, env=celery_worker_env
    )
    try:
        yield worker
    finally:
        worker.stop()


def _wait_until_ready(worker: WorkerProcess) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while " ready." not in worker.output():
        if worker.process.poll() is not None:
            pytest.fail(f"the Celery worker exited at start:\n{worker.output()}")
        if time.monotonic() > deadline:
            pytest.fail(f"the Celery worker was not ready in {READY_TIMEOUT}s:\n{worker.output()}")
        time.sleep(0.1)
