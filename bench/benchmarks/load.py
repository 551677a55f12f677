"""The public portal under a crowd: 200 connections for 60 seconds over a mix of pages.

gunicorn serves as in production (``gunicorn.conf.py``, the bench's two workers
of four threads), with the rate limits on: the server trusts one proxy
(``TRUSTED_PROXIES=1``) and each request names one of a thousand visitors in
X-Forwarded-For (``bench/wrk.lua``), as the proxy would.

- ``load_public_errors``: responses that are neither 2xx/3xx nor a deliberate
  429, plus socket errors (connect, read, write, timeout); it must be 0.
- ``load_public_rps``: responses per second, 429s included.
- ``load_public_p99_ms``: the 99th percentile of the response times.
- ``load_public_limited``: the 429s the rate limits answered.

The mix: the home page, the office directory, the partner search with varied
texts and filters, the partner-seeking list, the living-information library and
the public API, in both languages, each visitor taking the next page in turn.
"""

import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from bench.registry import BenchError, Context, Figure, benchmark

CONNECTIONS, SECONDS, TIMEOUT_SECONDS = 200, 60, 30
TINY_CONNECTIONS = 20

SEARCH_TEXTS = ["長崎", "ながさき", "sapporo", "Sendai-shi", "横浜", "saint", "port", "osaka",
                "ﾅｶﾞｻｷ", "Kyōto", "トウキョウ", "mon", "New", "ber"]  # fmt: skip
SEARCH_FILTERS = [{}, {"country": "US"}, {"status": "active"}, {"kind": "sister"},
                  {"decade": "1990"}, {"field": "culture"}]  # fmt: skip


def public_paths() -> list[str]:
    """The mix, one path per request in turn: a third of it searches."""
    pages = []
    for language in ("en", "ja"):
        pages += [
            f"/{language}/",
            f"/{language}/offices/",
            f"/{language}/sister-cities/partners/",
            f"/{language}/multicultural/library/",
        ]
    pages += ["/api/v1/offices/", "/api/v1/sister-cities/?country=US", "/api/v1/sister-cities/"]
    searches = []
    for n, text in enumerate(SEARCH_TEXTS):
        params = {"q": text, **SEARCH_FILTERS[n % len(SEARCH_FILTERS)]}
        language = "ja" if n % 3 == 0 else "en"
        searches.append(f"/{language}/sister-cities/?{urlencode(params)}")
    mix = []
    for n, page in enumerate(pages * 2):
        mix.append(page)
        if n % 2:
            mix.append(searches[n // 2 % len(searches)])
    return mix + searches


def _check(base_url: str, paths: list[str]) -> None:
    """Every page of the mix answers 200 before the crowd comes."""
    for n, path in enumerate(dict.fromkeys(paths)):
        request = urllib.request.Request(
            base_url + path, headers={"X-Forwarded-For": f"127.254.0.{n % 250 + 1}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        if status != 200:
            raise BenchError(f"{path} answered {status} before the load test")


@benchmark
def load_public(ctx: Context):
    paths = public_paths()
    _check(ctx.base_url, paths)
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listed:
        listed.write("\n".join(paths) + "\n")
        listed.flush()
        connections = ctx.size(CONNECTIONS, TINY_CONNECTIONS)
        seconds = ctx.size(SECONDS, ctx.duration)
        seen = ctx.mix(
            Path(listed.name), connections=connections, seconds=seconds, timeout=TIMEOUT_SECONDS
        )
    errors = sum(
        seen[k] for k in ("server_errors", "client_errors", "connect", "read", "write", "timeout")
    )
    print(f"[bench] {connections} connections for {seconds}s over {len(paths)} paths: {seen}")
    if errors:
        print(f"[bench] load_public: {errors} errors (it must be 0): {seen}", flush=True)
    what = f"{connections} connections, {seconds}s, {len(set(paths))} public pages"
    return {
        "load_public_errors": Figure(errors, f"errors ({what})"),
        "load_public_rps": Figure(seen["requests"] / seen["seconds"], f"requests/s ({what})"),
        "load_public_p99_ms": Figure(seen["p99_ms"], f"ms (p99, {what})"),
        "load_public_limited": Figure(seen["limited"], "responses 429 (the rate limits)"),
    }
