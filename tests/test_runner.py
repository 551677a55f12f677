"""`make run`'s supervisor: everything it starts answers, and Ctrl-C stops all of it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return 0


@pytest.mark.worker
def test_run_serves_the_portal_and_ctrl_c_leaves_nothing_behind(tmp_path):
    port = free_port()
    log = (tmp_path / "run.log").open("w")
    # The embedded Redis, in a data directory of the test's own (a short path: a Unix
    # socket's path is limited); PostgreSQL is the one the tests use.
    data = Path(tempfile.mkdtemp(prefix="clair-run-"))
    env = {**os.environ, "PORT": str(port), "CLAIR_DATA_DIR": str(data)}
    env.pop("REDIS_URL", None)
    runner = subprocess.Popen(
        [sys.executable, "-m", "clair_portal.embedded", "run"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 240
        while get(f"http://127.0.0.1:{port}/healthz") != 200:
            assert runner.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the portal did not come up in 4 minutes"
            time.sleep(1)
        assert get(f"http://127.0.0.1:{port}/en/offices/") == 200
        children = psutil.Process(runner.pid).children(recursive=True)
        commands = [" ".join(c.cmdline()) for c in children]
        assert any("celery" in c and " worker" in c for c in commands), commands
        assert any("celery" in c and " beat" in c for c in commands), commands
        assert any("runserver" in c for c in commands), commands
        # A management command run beside the portal (as the README suggests) shares its
        # Redis and leaves it running.
        manage = subprocess.run(
            [sys.executable, "-m", "clair_portal.embedded", "manage", "check"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert manage.returncode == 0, manage.stdout[-2000:] + manage.stderr[-2000:]
        assert "using the embedded Redis already running" in manage.stdout
        assert get(f"http://127.0.0.1:{port}/healthz") == 200
        assert runner.poll() is None
    finally:
        runner.send_signal(signal.SIGINT)
        try:
            runner.wait(90)
        finally:
            log.close()
    shutil.rmtree(data, ignore_errors=True)
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], [" ".join(p.cmdline()) for p in alive]
    assert runner.returncode == 0, (tmp_path / "run.log").read_text()[-3000:]
