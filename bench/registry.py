"""What a benchmark module registers, and the context each benchmark runs in.

A new benchmark is a function in a module of ``bench/benchmarks/`` (modules
there are found on their own)::

    from bench.registry import benchmark, generator

    @generator
    def sister_cities(scale):            # fills the bench database before the server starts
        ...

    @benchmark
    def sister_city_search(ctx):         # returns {"<name>": Figure(value, unit)}
        return {"sistercities_search_rps": ctx.wrk("/en/sister-cities/?q=Sapporo")}

Generators run in the order of their modules' names, then of definition;
benchmarks likewise, against a gunicorn serving the generated data.

``--tiny`` runs every benchmark in seconds, to prove it still works (CI runs it
after the tests): generators get a fractional ``scale`` (use :func:`scaled` for
their counts) and benchmarks of a fixed size ask ``ctx.size(full, tiny)``.
Accounts a generator or benchmark needs come from :func:`bench_account`, which
any number of modules may call for the same address.
"""

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Every wrk request names one of this many visitors in X-Forwarded-For (the
# server trusts one proxy), so the per-client rate limits stay on and count.
WRK_SCRIPT = Path(__file__).with_name("wrk.lua")
VISITORS = 1000

GENERATORS: list[Callable[[float], None]] = []
BENCHMARKS: list[Callable[["Context"], dict[str, "Figure"]]] = []


def generator(func):
    GENERATORS.append(func)
    return func


def benchmark(func=None, *, last: bool = False):
    """Register a benchmark; ``last=True`` for one that changes the data the others measure."""

    def register(func):
        func.runs_last = last
        BENCHMARKS.append(func)
        return func

    return register(func) if func is not None else register


def scaled(per_scale: int, scale: float) -> int:
    """How many rows ``per_scale`` rows come to at ``scale`` (at least one)."""
    return max(1, round(per_scale * scale))


BENCH_HQ = "bench.hq@example.org"


def bench_account(email: str = BENCH_HQ, *, hq: bool = True, superuser: bool = False):
    """The bench's account at ``email``, made on first use and the same one afterwards.

    Several generators and benchmarks sign in as HQ staff; each asks for the
    account here instead of creating it, so none of them collides with another.
    """
    from django.contrib.auth.models import Group

    from clair_portal.accounts import roles
    from clair_portal.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        make = User.objects.create_superuser if superuser else User.objects.create_user
        user = make(email, "bench-password-not-for-use", is_staff=hq or superuser)
    if hq:
        user.groups.add(Group.objects.get(name=roles.HQ_STAFF))
    return user


@dataclass(frozen=True)
class Figure:
    value: float | int
    unit: str


@dataclass(frozen=True)
class Load:
    """How hard ``wrk`` pushes: fixed, so that figures from different runs compare."""

    threads: int = 2
    connections: int = 8
    warmup_seconds: int = 1
    request_timeout_seconds: int = 5


class BenchError(RuntimeError):
    """A benchmark that could not measure honestly (errors, timeouts): no figure is written."""


@dataclass
class Context:
    base_url: str
    duration: int
    scale: int
    wrk_path: str
    load: Load = Load()
    tiny: bool = False

    def size(self, full: int, tiny: int) -> int:
        """A benchmark's fixed size (rows imported, notices sent...), or its tiny one."""
        return tiny if self.tiny else full

    def wrk(self, path: str) -> Figure:
        """Requests per second for GET ``path``; every response must be 2xx or 3xx."""
        url = self.base_url + path
        self._run_wrk(url, self.load.warmup_seconds)
        output = self._run_wrk(url, self.duration)
        return Figure(parse_requests_per_second(output, url), "requests/s")

    def mix(self, paths_file: Path, *, connections: int, seconds: int, timeout: int) -> dict:
        """``connections`` visitors for ``seconds`` over the paths of ``paths_file``, in turn.

        Returns the counts of the script's ``BENCH`` line (``bench/wrk.lua``):
        requests, seconds, ok, limited (429), server_errors, client_errors,
        connect, read, write and timeout (socket errors), p50_ms and p99_ms.
        """
        output = self._run_wrk(
            self.base_url + "/",
            seconds,
            connections=connections,
            timeout=timeout,
            paths_file=paths_file,
        )
        line = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
        if not line:
            raise BenchError(f"no BENCH line in wrk's report:\n{output}")
        return json.loads(line.group(1))

    def _run_wrk(
        self, url: str, seconds: int, *, connections=None, timeout=None, paths_file=None
    ) -> str:
        if urlsplit(url).hostname != "127.0.0.1":
            raise BenchError(f"load is only ever sent to the loopback server, not {url}")
        connections = connections or self.load.connections
        cmd = [
            self.wrk_path,
            f"--threads={min(self.load.threads, connections)}",
            f"--connections={connections}",
            f"--duration={seconds}s",
            f"--timeout={timeout or self.load.request_timeout_seconds}s",
            f"--script={WRK_SCRIPT}",
            url,
            "--",
            str(VISITORS),
            *([str(paths_file)] if paths_file else []),
        ]
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, timeout=seconds + 30, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise BenchError(f"wrk did not finish in {seconds + 30}s against {url}") from exc
        if done.returncode != 0:
            raise BenchError(f"wrk failed against {url}:\n{done.stdout}{done.stderr}")
        return done.stdout


def parse_requests_per_second(output: str, url: str = "") -> float:
    """The ``Requests/sec`` of a wrk report, refusing runs that saw errors."""
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    if bad:
        raise BenchError(f"{bad.group(1)} error responses from {url}:\n{output}")
    errors = re.search(r"Socket errors:.*", output)
    if errors and re.search(r"timeout [1-9]|read [1-9]|write [1-9]|connect [1-9]", errors[0]):
        raise BenchError(f"socket errors against {url}: {errors[0]}\n{output}")
    match = re.search(r"^Requests/sec:\s*([\d.]+)", output, re.MULTILINE)
    if not match:
        raise BenchError(f"no Requests/sec in wrk's report for {url}:\n{output}")
    if float(match.group(1)) == 0:
        # Every request was still waiting when the run ended: the server stalled.
        raise BenchError(f"no request to {url} completed during the run:\n{output}")
    return float(match.group(1))
