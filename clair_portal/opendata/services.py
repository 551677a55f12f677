"""Building the open-data files: each dataset whole, as CSV and JSON, when it changed.

The beat task :func:`rebuild_all` looks at every dataset; a dataset whose tables
have not changed since its files were built is left alone (one query). One that
changed is read in one REPEATABLE READ snapshot, in chunks, and written to
both files at once, so the CSV, the JSON and their row counts describe the
same moment. When the new JSON is byte for byte the old one (a change to rows
that are not public) nothing is published. Otherwise the new files become
current and the old ones are kept 30 days (``OPEN_DATA_RETENTION_DAYS``), then
deleted by :func:`prune`.
"""

import hashlib
import json
import logging
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import override

from clair_portal.opendata.datasets import Dataset, all_datasets, flat
from clair_portal.opendata.models import DatasetFile, DatasetState
from clair_portal.storage import save_local
from clair_portal.tabular.writing import STREAM_ROWS, CsvWriter

logger = logging.getLogger(__name__)


FILES_PREFIX = "open-data"


def fingerprint(dataset: Dataset) -> str:
    """A digest of the row count and row versions of every table behind ``dataset``.

    PostgreSQL gives every row version a new ``xmin``: any insert, update or
    delete (bulk ones too, which send no signal) changes a table's count or
    the sum of its rows' ``xmin``. One query, a scan of each table.
    """
    tables = sorted({model._meta.db_table for model in dataset.models})
    sql = " UNION ALL ".join(
        f"SELECT %s, count(*), coalesce(sum(xmin::text::bigint), 0) FROM {connection.ops.quote_name(t)}"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        found = sorted(cursor.fetchall())
    # What is public can change with time alone (a partner request expires): count it too.
    found.append(("public", dataset.queryset().count()))
    return hashlib.sha256(repr(found).encode()).hexdigest()


def touch(slugs, when=None) -> None:
    """Mark datasets changed now (their Last-Modified), creating their state if new."""
    when = when or timezone.now()
    for slug in slugs:
        DatasetState.objects.update_or_create(slug=slug, defaults={"changed_at": when})


def last_changed(slug: str):
    """When ``slug`` last changed; first asked, the time it is first seen."""
    state = DatasetState.objects.filter(slug=slug).values_list("changed_at", flat=True).first()
    if state is None:
        state = timezone.now().replace(microsecond=0)
        DatasetState.objects.get_or_create(slug=slug, defaults={"changed_at": state})
    return state


def rebuild_all() -> list[str]:
    """Rebuild every dataset whose data changed; the slugs of those that got new files."""
    rebuilt = []
    for dataset in all_datasets():
        if rebuild(dataset):
            rebuilt.append(dataset.slug)
    prune()
    return rebuilt


def rebuild(dataset: Dataset, *, force: bool = False) -> bool:
    """Write ``dataset``'s files if its tables changed since the current ones; True if new.

    Preconditions: none; safe to run twice at once (the second finds the new
    files current, or loses the unique constraint and rolls back its files).
    """
    current = {f.fmt: f for f in DatasetFile.objects.current().filter(slug=dataset.slug)}
    if not force and len(current) == len(DatasetFile.Format):
        seen = fingerprint(dataset)
        if all(f.fingerprint == seen for f in current.values()):
            return False
    # Written on the local disk, then saved whole to the storage (disk or object store).
    scratch = Path(tempfile.mkdtemp(prefix="open-data-"))
    now = timezone.now()
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    names = {fmt: f"{dataset.slug}-{stamp}.{fmt}" for fmt in DatasetFile.Format.values}
    partial = {fmt: scratch / name for fmt, name in names.items()}
    stored = []
    try:
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost:  # one snapshot for the fingerprint and every row of both files
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            seen = fingerprint(dataset)
            rows = _write(dataset, partial)
        digests = {fmt: _sha256(path) for fmt, path in partial.items()}
        json_now = current.get("json")
        if json_now is not None and json_now.sha256 == digests["json"] and len(current) == 2:
            DatasetFile.objects.filter(pk__in=[f.pk for f in current.values()]).update(
                fingerprint=seen
            )
            return False
        for fmt, name in names.items():
            stored.append(save_local(f"{FILES_PREFIX}/{name}", partial[fmt]))
            names[fmt] = stored[-1].removeprefix(f"{FILES_PREFIX}/")
        with transaction.atomic():
            DatasetFile.objects.filter(pk__in=[f.pk for f in current.values()]).update(
                superseded_at=now
            )
            for fmt, name in names.items():
                DatasetFile.objects.create(
                    slug=dataset.slug,
                    fmt=fmt,
                    name=name,
                    sha256=digests[fmt],
                    rows=rows,
                    size=partial[fmt].stat().st_size,
                    fingerprint=seen,
                    built_at=now,
                )
            touch([dataset.slug], now)
    except BaseException:
        for name in stored:  # no row points at them
            default_storage.delete(name)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    logger.info("open data %s rebuilt: %d rows", dataset.slug, rows)
    return True


def _write(dataset: Dataset, paths: dict[str, Path]) -> int:
    """Both files from one pass over the rows; the number of rows."""
    columns = dataset.columns()
    count = 0
    # Headers are the columns' keys: stable names for programs, in every language.
    with override("en"), open(paths["json"], "w", encoding="utf-8") as out:
        csv = CsvWriter(paths["csv"])
        try:
            csv.header([c.key for c in columns])
            out.write("[")
            chunk = []
            for row in dataset.rows(STREAM_ROWS):
                out.write(",\n" if count else "\n")
                out.write(json.dumps(row, ensure_ascii=False, default=str))
                chunk.append(flat(row, columns))
                count += 1
                if len(chunk) == STREAM_ROWS:
                    csv.write(chunk)
                    chunk = []
            csv.write(chunk)
            out.write("\n]\n")
        finally:
            csv.close()
    return count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def prune(now=None) -> int:
    """Delete files superseded more than ``OPEN_DATA_RETENTION_DAYS`` ago; how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.OPEN_DATA_RETENTION_DAYS)
    old = list(DatasetFile.objects.filter(superseded_at__lt=cutoff))
    DatasetFile.objects.filter(pk__in=[f.pk for f in old]).delete()
    for f in old:
        default_storage.delete(storage_name(f))
    return len(old)


def storage_name(f: DatasetFile) -> str:
    """The file's name in the storage (``default_storage``: disk or object store)."""
    return f"{FILES_PREFIX}/{f.name}"
