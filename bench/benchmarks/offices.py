"""The public office directory: eight offices of reference data whatever the scale."""

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
    return {
        "offices_directory_queries": Figure(count_queries(DIRECTORY), "queries"),
        "offices_directory_rps": ctx.wrk(DIRECTORY),
    }
