import pytest
from django.utils import translation

from clair_portal.jobs.kinds import CSV, JobKind, registry


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start each test in English: a request to /ja/ leaves Japanese active in the thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def register_kind():
    """Register job kinds for one test only: ``register_kind(rows, key=..., ...)``."""
    registered = []

    def register(rows, *, key="test-report", output=CSV, count=None, chunk_size=10, **extra):
        kind = JobKind(
            report_key=key,
            report_title=extra.pop("title", "Test report"),
            description="A report that exists only in tests.",
            output=output,
            rows=rows,
            may_request=extra.pop("may_request", lambda user: user.is_authenticated),
            count=count,
            chunk_size=chunk_size,
        )
        registry.register(kind)
        registered.append(kind.key)
        return kind

    yield register
    for key in registered:
        registry.unregister(key)
