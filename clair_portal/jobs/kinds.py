"""The registry of batch reports people can ask for.

A report is a function that takes the job's parameters and yields a header row,
then data rows, reading the database in chunks (``.iterator(chunk_size=...)``)
so that no report holds a whole table in memory. Registering it with
``@report(...)`` makes one job kind per output format (CSV and XLSX by default).
The function runs inside ``translation.override(job.language)``: lazy strings
and translated fields come out in the language the requester chose.

Each app registers its reports in ``<app>/reports.py``, which the jobs app
imports when it is ready (``clair_portal.hooks``).
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.text import format_lazy

from clair_portal.accounts.roles import OFFICE_STAFF, has_role, is_hq

CHUNK_SIZE = 500

Row = Sequence[object]


@dataclass(frozen=True)
class OutputFormat:
    key: str
    label: str
    extension: str
    content_type: str


CSV = OutputFormat("csv", "CSV", ".csv", "text/csv; charset=utf-8")
XLSX = OutputFormat(
    "xlsx",
    "Excel",
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


@dataclass(frozen=True)
class JobKind:
    """One thing a job can produce: a report in one output format."""

    report_key: str
    report_title: Promise
    description: Promise
    output: OutputFormat
    rows: Callable[[dict], Iterator[Row]]
    may_request: Callable[[object], bool]
    count: Callable[[dict], int] | None = None
    chunk_size: int = CHUNK_SIZE

    @property
    def key(self) -> str:
        return f"{self.report_key}-{self.output.key}"

    @property
    def title(self):
        return format_lazy("{} ({})", self.report_title, self.output.label)

    def filename(self, when) -> str:
        return f"{self.report_key}-{when:%Y%m%d-%H%M}{self.output.extension}"


class Registry:
    def __init__(self):
        self._kinds: dict[str, JobKind] = {}

    def register(self, kind: JobKind) -> JobKind:
        if kind.key in self._kinds:
            raise ImproperlyConfigured(f"Job kind {kind.key!r} is registered twice.")
        self._kinds[kind.key] = kind
        return kind

    def unregister(self, key: str) -> None:
        del self._kinds[key]

    def get(self, key: str) -> JobKind | None:
        return self._kinds.get(key)

    def requestable_by(self, user) -> list[JobKind]:
        return [kind for kind in self._kinds.values() if kind.may_request(user)]

    def __iter__(self):
        return iter(self._kinds.values())


registry = Registry()


def hq_or_office_staff(user) -> bool:
    return is_hq(user) or has_role(user, OFFICE_STAFF)


def report(
    key: str,
    *,
    title: Promise,
    description: Promise,
    formats: Iterable[OutputFormat] = (CSV, XLSX),
    may_request: Callable[[object], bool] = hq_or_office_staff,
    count: Callable[[dict], int] | None = None,
    chunk_size: int = CHUNK_SIZE,
):
    """Register the decorated row generator as one job kind per format."""

    def decorator(func):
        for output in formats:
            registry.register(
                JobKind(
                    report_key=key,
                    report_title=title,
                    description=description,
                    output=output,
                    rows=func,
                    may_request=may_request,
                    count=count,
                    chunk_size=chunk_size,
                )
            )
        return func

    return decorator


def column_title(model, field: str):
    """A report column's heading: the model field's verbose name (lazy, so it comes out
    in the requester's language)."""
    return model._meta.get_field(field).verbose_name
