"""`make run`'s supervisor: everything it starts answers, and Ctrl-C stops all of it."""

import os
import signal
import socket
import subprocess
import sys
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
    runner = subprocess.Popen(
        [sys.executable, "-m", "clair_portal.embedded", "run"],
        cwd=BASE_DIR,
        env={**os.environ, "PORT": str(port)},
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
    finally:
        runner.send_signal(signal.SIGINT)
        try:
            runner.wait(90)
        finally:
            log.close()
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], [" ".join(p.cmdline()) for p in alive]
    assert runner.returncode == 0, (tmp_path / "run.log").read_text()[-3000:]
