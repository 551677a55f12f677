"""``make bench``: the portal under load, served by gunicorn from a database of its own.

Runs inside ``python -m clair_portal.embedded bench``, which provides
``DATABASE_URL`` and ``REDIS_URL``. Each run:

1. drops and recreates the database ``clair_bench`` on that server, migrates
   it, loads the reference data and lets every generator fill it at ``--scale``;
2. starts gunicorn on a free loopback port with production settings
   (DEBUG off, static files from the manifest) and 2 workers;
3. runs every benchmark of ``bench/benchmarks/`` (``wrk`` for throughput,
   the test client for query counts) and merges the figures into
   ``bench/results.json`` as ``{"<name>": {"value": <number>, "unit": "..."}}``,
   each with the machine's load average before and after its benchmark, the
   commit measured and the scale (figures from earlier runs stay, with theirs).
   At full scale each benchmark first waits (up to two minutes) for the load the
   one before left (an import's autovacuum, 200 connections' backlog) to die down,
   so that it measures the portal rather than its predecessor's tail.

``--tiny`` runs everything at a tiny scale in seconds, into
``bench/results.tiny.json``: CI runs it so that a benchmark that breaks fails.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import benchmarks  # noqa: E402
from bench.registry import BENCHMARKS, GENERATORS, BenchError, Context, Figure  # noqa: E402

# Several people benchmarking on one server each get their own database: the
# name of theirs with "_bench" after it (clair_bench on the embedded server).
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "")
TINY_SCALE = 0.05
TINY_DURATION = 2
WORKERS = 2
THREADS = 4
STARTUP_SECONDS = 60
# Before each full-scale benchmark: wait until the 1-minute load average is under
# half a core per core, for at most this long.
QUIET_LOAD_PER_CORE = 0.5
SETTLE_SECONDS = 120


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench BENCH_ARGS=...", description=__doc__)
    parser.add_argument("--scale", type=int, default=10, help="data scale (default 10)")
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds per load test (default 10)"
    )
    parser.add_argument(
        "--tiny",
        action="store_true",
        help=f"a few seconds per benchmark (scale {TINY_SCALE}, {TINY_DURATION}s of load): "
        "proves they run, measures nothing worth keeping; into bench/results.tiny.json",
    )
    parser.add_argument("--out", type=Path, help="default bench/results.json")
    parser.add_argument(
        "--only", default="", help="run only the benchmarks whose function name contains this"
    )
    argv = sys.argv[1:] if argv is None else argv
    # `embedded bench -- --scale 1` hands the separator through; it means nothing here.
    args = parser.parse_args(argv[1:] if argv[:1] == ["--"] else argv)
    if args.scale < 1 or not 1 <= args.duration <= 600:
        parser.error("--scale must be at least 1 and --duration between 1 and 600 seconds")
    if args.tiny:
        args.scale, args.duration = TINY_SCALE, TINY_DURATION
    if args.out is None:
        name = "results.tiny.json" if args.tiny else "results.json"
        args.out = BASE_DIR / "bench" / name
    return args


def bench_database_name(database_url: str) -> str:
    return BENCH_DATABASE or urlsplit(database_url).path.lstrip("/") + "_bench"


def bench_database_url(database_url: str) -> str:
    """The same server and credentials, the bench's own database."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/" + bench_database_name(database_url)))


def recreate_database(database_url: str) -> None:
    import psycopg

    name = bench_database_name(database_url)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def find_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0:
        sys.exit(
            "[bench] wrk is not installed and installing it needs root: "
            "run `sudo apt-get install -y wrk`, then `make bench` again."
        )
    say("installing wrk (apt-get install -y wrk)")
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "NEEDRESTART_SUSPEND": "1"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=apt_env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update"], env=apt_env, check=True)
        subprocess.run(install, env=apt_env, check=True)
    path = shutil.which("wrk")
    if not path:
        sys.exit("[bench] apt-get installed wrk but it is not on PATH")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    """Production settings, as the portal runs behind its proxy, on the loopback only."""
    return {
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "EMAIL_HOST": "localhost",
        "CACHE_KEY_PREFIX": "clair-bench",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        # As behind production's proxy: the rate limits stay on, and the bench's
        # load names its many visitors in X-Forwarded-For (bench/wrk.lua).
        "TRUSTED_PROXIES": "1",
        "DJANGO_SETTINGS_MODULE": "clair_portal.settings",
    }


def prepare_database(scale: int, generators) -> None:
    from django.core.management import call_command

    quiet = {"stdout": StringIO(), "verbosity": 0}
    started = time.monotonic()
    call_command("migrate", interactive=False, **quiet)
    call_command("compile_catalogues", **quiet)
    call_command("collectstatic", interactive=False, **quiet)
    call_command("load_reference_data", **quiet)
    for generate in generators:
        say(f"generating {generate.__module__.rsplit('.', 1)[-1]}.{generate.__name__} ×{scale}")
        generate(scale)
    say(f"bench database ready in {time.monotonic() - started:.1f}s")


def gunicorn_command(port: int) -> list[str]:
    return [
        # Production's configuration, with the bench's sizes and address on top.
        sys.executable, "-m", "gunicorn", "clair_portal.wsgi",
        "--config", str(BASE_DIR / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", "gthread", "--threads", str(THREADS),
        "--timeout", "30",
        # Production recycles a worker after about 2,000 requests. A whole bench sends
        # several times that, and both workers, evenly loaded, would restart together:
        # for a second or two nothing answers and a short load test completes no request
        # at all (CI once measured /healthz at 0 requests/s). The bench measures the
        # steady state, so its workers live for the whole run.
        "--max-requests", "0",
    ]  # fmt: skip


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log_path: Path):
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    cmd = gunicorn_command(port)
    say(f"starting gunicorn ({WORKERS} workers × {THREADS} threads) on {base_url}")
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            cmd, env=env, cwd=BASE_DIR, stdout=log, stderr=log, start_new_session=True
        )
    try:
        wait_healthy(proc, base_url, log_path)
        yield base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_healthy(proc: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"[bench] gunicorn exited with {proc.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}: {exc.read()[:300]!r}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.25)
    raise BenchError(f"/healthz did not answer 200 in {STARTUP_SECONDS}s ({last})")


def current_commit() -> str:
    """The commit measured, with "-dirty" when the work tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + ("-dirty" if dirty else "")


def load_average() -> list[float]:
    """The 1, 5 and 15-minute load averages: the figures mean little without them."""
    return [round(x, 2) for x in os.getloadavg()]


def settle(*, quiet: float | None = None, most: float = SETTLE_SECONDS, poll: float = 5) -> float:
    """Wait until the machine is quiet (or ``most`` seconds have passed); the seconds waited."""
    quiet = QUIET_LOAD_PER_CORE * (os.cpu_count() or 1) if quiet is None else quiet
    started, waited = time.monotonic(), 0.0
    while os.getloadavg()[0] > quiet and waited < most:
        time.sleep(poll)
        waited = time.monotonic() - started
    return round(waited, 1)


def merge_results(path: Path, figures: dict[str, Figure], context: dict | None = None) -> dict:
    """Keep the other benchmarks' entries; replace this run's.

    ``context`` maps a figure's name to what it was measured under (load
    averages, commit, scale), written beside its value and unit.
    """
    results = {}
    if path.exists():
        try:
            results = json.loads(path.read_text())
        except json.JSONDecodeError:
            say(f"{path} was not valid JSON; starting it afresh")
        if not isinstance(results, dict):
            results = {}
    for name, figure in figures.items():
        # Four significant digits: a ratio of 0.083 must not become 0.1.
        value = float(f"{figure.value:.4g}") if isinstance(figure.value, float) else figure.value
        results[name] = {"value": value, "unit": figure.unit, **(context or {}).get(name, {})}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dict(sorted(results.items())), indent=2) + "\n")
    tmp.replace(path)
    return results


def print_table(figures: dict[str, Figure], context: dict[str, dict]) -> None:
    width = max(len(name) for name in figures)
    print(f"\n{'benchmark':<{width}}  {'value':>12}  {'load (1 min)':>12}  unit")
    print(f"{'-' * width}  {'-' * 12}  {'-' * 12}  {'-' * 12}")
    for name, figure in figures.items():
        value = f"{figure.value:,.1f}" if isinstance(figure.value, float) else f"{figure.value:,}"
        seen = context.get(name, {})
        load = f"{seen['load_before'][0]:.1f}→{seen['load_after'][0]:.1f}" if seen else ""
        print(f"{name:<{width}}  {value:>12}  {load:>12}  {figure.unit}")
    print(f"\ncommit {next(iter(context.values()), {}).get('commit', '?')}\n")


def main(argv=None) -> int:
    # Stopped from outside (Ctrl-C's TERM, CI's timeout): unwind, so gunicorn and the
    # worker it started are stopped too rather than left serving.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("[bench] stopped"))
    args = parse_args(argv)
    source_url = os.environ.get("DATABASE_URL")
    if not source_url or not os.environ.get("REDIS_URL"):
        sys.exit(
            "[bench] DATABASE_URL and REDIS_URL are not set: run `make bench`, "
            "or `.venv/bin/python -m clair_portal.embedded bench`."
        )
    benchmarks.load_all()
    selected = [b for b in BENCHMARKS if args.only in b.__name__]
    selected.sort(key=lambda b: b.runs_last)  # stable: module order otherwise
    if not selected:
        sys.exit(f"[bench] no benchmark matches --only {args.only!r}")
    wrk_path = find_wrk()

    database_url = bench_database_url(source_url)
    say(f"recreating the database {bench_database_name(source_url)}")
    recreate_database(source_url)
    env = server_env(database_url)
    # Building data at scale runs statements longer than a web request may; the
    # server started below keeps the portal's own limit.
    os.environ.update(env, DATABASE_STATEMENT_TIMEOUT="0")

    import django

    django.setup()
    # With --only, fill just what the chosen benchmarks' own modules generate.
    modules = {b.__module__ for b in selected}
    generators = [g for g in GENERATORS if not args.only or g.__module__ in modules]
    prepare_database(args.scale, generators)

    figures: dict[str, Figure] = {}
    context: dict[str, dict] = {}
    commit = current_commit()
    log_path = BASE_DIR / "bench" / "gunicorn.log"
    server = {k: v for k, v in os.environ.items() if k != "DATABASE_STATEMENT_TIMEOUT"}
    with gunicorn({**server, **env}, log_path) as base_url:
        ctx = Context(
            base_url=base_url,
            duration=args.duration,
            scale=args.scale,
            wrk_path=wrk_path,
            tiny=args.tiny,
        )
        for run in selected:
            waited = 0.0 if args.tiny else settle()
            if waited:
                say(f"waited {waited}s for the load to settle")
            before = load_average()
            say(f"running {run.__module__.rsplit('.', 1)[-1]}.{run.__name__} (load {before})")
            measured = run(ctx)
            after = load_average()
            figures.update(measured)
            for name in measured:
                context[name] = {
                    "load_before": before,
                    "load_after": after,
                    "settled_s": waited,
                    "commit": commit,
                    "scale": args.scale,
                }
    merge_results(args.out, figures, context)
    print_table(figures, context)
    say(f"figures merged into {args.out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        sys.exit(f"[bench] {exc}")
