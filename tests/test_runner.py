"""`make run`'s supervisor: everything it starts answers, and Ctrl-C stops all of it."""

import os
import re
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
        # A worker that dies (the OOM killer, a crash) is started again; the portal stays up.
        worker = next(c for c in children if "celery" in c.cmdline() and "worker" in c.cmdline())
        os.killpg(worker.pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while not (restarted := re.search(r"worker restarted \(pid (\d+)\)", read(tmp_path))):
            assert runner.poll() is None, read(tmp_path)[-3000:]
            assert time.monotonic() < deadline, "the worker was not restarted in a minute"
            time.sleep(0.5)
        assert "worker exited with -9; restarting it in 1s" in read(tmp_path)
        assert psutil.Process(int(restarted.group(1))).is_running()
        assert get(f"http://127.0.0.1:{port}/healthz") == 200
        assert runner.poll() is None
        children = psutil.Process(runner.pid).children(recursive=True)
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


def read(tmp_path) -> str:
    return (tmp_path / "run.log").read_text()


def test_the_supervisor_restarts_a_dead_worker_with_a_back_off_and_stops_on_a_dead_web(capsys):
    from clair_portal.embedded import Supervisor

    sleep = [sys.executable, "-c", "import time; time.sleep(60)"]
    supervisor = Supervisor(
        {"worker": sleep, "web": sleep}, dict(os.environ), backoff=0.2, stable_after=30
    )
    supervisor.start_all()
    try:
        for expected_delay in ["0.2s", "0.4s"]:
            first = supervisor.procs["worker"]
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
            deadline = time.monotonic() + 10
            while supervisor.procs["worker"] is first:
                assert supervisor.poll(), "the portal stopped for a dead worker"
                assert time.monotonic() < deadline, "the worker was not restarted"
                time.sleep(0.05)
            assert supervisor.procs["worker"].poll() is None
            log = capsys.readouterr().out
            assert f"worker exited with -9; restarting it in {expected_delay}" in log
            assert f"worker restarted (pid {supervisor.procs['worker'].pid})" in log
        web = supervisor.procs["web"]
        os.killpg(web.pid, signal.SIGKILL)
        web.wait(10)
        assert supervisor.poll() is False
        assert "web exited with -9; stopping the portal" in capsys.readouterr().out
    finally:
        supervisor.stop_all()
    assert all(proc.poll() is not None for proc in supervisor.procs.values())
