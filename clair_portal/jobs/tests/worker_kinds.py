"""A job kind that exists only in tests: slow enough to kill its worker mid-way.

The real-worker test imports this module in the worker (``--include``) and in
the test process, so both know the kind.
"""

import time

from clair_portal.jobs.kinds import CSV, JobKind, registry

ROWS = 1000


def slow_rows(params):
    yield ["number"]
    for number in range(ROWS):
        time.sleep(0.05)
        yield [number]


SLOW = JobKind(
    report_key="test-slow",
    report_title="Slow test report",
    description="Writes one row every 50 ms, so a test can stop its worker half-way.",
    output=CSV,
    rows=slow_rows,
    may_request=lambda user: user.is_authenticated,
    count=lambda params: ROWS,
    chunk_size=1,
)


def register() -> None:
    if registry.get(SLOW.key) is None:
        registry.register(SLOW)


register()
