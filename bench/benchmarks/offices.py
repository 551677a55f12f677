"""The public office directory: eight offices of reference data whatever the scale.

``offices_directory_queries`` counts a request whose sections are cached (the
second): none but what the middleware needs.
"""

from bench.registry import Context, Figure, benchmark

DIRECTORY = "/en/offices/"


def count_queries(path: str) -> int:
    """SQL queries of one GET ``path`` in this process, against the bench database.

    The first request warms the per-process caches (content types, translations)
    that a long-running server has warm too; the second one is counted.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise AssertionError(f"GET {path} answered {response.status_code}")
    return len(queries)


@benchmark
def offices_directory(ctx: Context):
    """The directory under load, and the health check right after it: their ratio (target ≥ 0.5)."""
    directory = ctx.wrk(DIRECTORY)
    healthz = ctx.wrk("/healthz")
    return {
        "offices_directory_queries": Figure(count_queries(DIRECTORY), "queries"),
        "offices_directory_rps": directory,
        "offices_healthz_rps": healthz,  # the ratio's denominator, for the record
        "offices_directory_vs_healthz_ratio": Figure(
            round(directory.value / healthz.value, 3), "ratio (directory rps ÷ healthz rps)"
        ),
    }
