"""JET at ten times today's size: 700,000 participant-years, a 50,000-row import, 6,000 publications.

- ``jet_import_rows_per_s`` / ``jet_import_peak_mb``: a CSV file of 50,000
  placement rows imported by ``jet.resources.PlacementImport().run`` in a
  subprocess: the very call the admin's confirm step makes on the kept upload
  (the preview runs the same, with ``dry_run``). The same file is then
  imported by stock django-import-export and by COPY (``bench/jet_paths.py``),
  each into the same emptied tables: ``jet_import_vs_stock_ratio`` and
  ``jet_import_vs_copy_ratio`` are the portal's speed over theirs. The peak is that
  subprocess's peak resident set size, interpreter and Django included, read
  from ``VmHWM`` in ``/proc/self/status``: ``ru_maxrss`` would not do, as Linux
  carries the parent's peak over into a child it starts (this process, with
  the generated data, has a larger one than the import).
- ``jet_publish_6000_s``: ``publish_placements`` on 6,000 drafts until every
  notice is sent and every e-mail handed over, by one Celery worker (solo pool).
- ``jet_admin_changelist_p95_ms``: the placement changelist (plain, filtered
  by year, by role, and a JET-number search) through the Django test client in
  this process, as an HQ superuser; 95th percentile of the requests' times.
"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.registry import BenchError, Context, Figure, bench_account, benchmark, generator, scaled

PARTICIPANT_YEARS_PER_SCALE = 70_000
YEARS_EACH = 5
IMPORT_ROWS = 50_000
PUBLISH = 6_000
BASE_DIR = Path(__file__).resolve().parents[2]

NATIONALITIES = ["US"] * 40 + ["GB"] * 12 + ["CA"] * 12 + ["AU"] * 8 + ["NZ"] * 6 + [
    "IE", "ZA", "JM", "SG", "PH", "KR", "CN", "FR", "DE", "BR", "IN", "TT", "FJ", "MX",
]  # fmt: skip
ROLES = ["ALT"] * 90 + ["CIR"] * 9 + ["SEA"]


def _organisations() -> list[int]:
    from jet.models import ContractingOrganisation
    from reference.models import LocalGovernment

    rows = []
    for lg in LocalGovernment.objects.all():
        rows.append(
            ContractingOrganisation(
                code=lg.code,
                kind="local_government",
                name=lg.english_name(),
                name_en=lg.english_name(),
                name_ja=lg.name_kanji,
                local_government=lg,
                prefecture_id=lg.code if lg.is_prefecture else lg.prefecture_id,
            )
        )
    ContractingOrganisation.objects.bulk_create(rows, batch_size=2_000, ignore_conflicts=True)
    return list(ContractingOrganisation.objects.values_list("pk", flat=True))


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


PARTICIPANT_COLUMNS = [
    "jet_number", "family_name", "given_name", "nationality", "role", "email", "phone",
    "languages", "first_arrival_year", "status",
]  # fmt: skip
PLACEMENT_COLUMNS = [
    "participant_id", "organisation_id", "role", "jet_year", "contract_start", "contract_end",
    "workplaces", "supervisor_name", "supervisor_email", "supervisor_phone", "notes", "state",
    "version",
]  # fmt: skip


def _participants(prefix: str, n: int, rng, first_year=None):
    for i in range(n):
        year = first_year or rng.randint(1987, 2026 - YEARS_EACH + 1)
        yield (
            f"{prefix}{i:07d}", f"Family{i}", "Alex", rng.choice(NATIONALITIES),
            rng.choice(ROLES), "", "", "English", year, "completed",
        )  # fmt: skip


@generator
def jet_participant_years(scale: float) -> None:
    """70,000 × scale placements (5 years each for 14,000 × scale participants), by COPY."""
    from django.db import connection, transaction

    from jet.models import Participant

    rng = random.Random(4)
    orgs = _organisations()
    n = scaled(PARTICIPANT_YEARS_PER_SCALE // YEARS_EACH, scale)
    with transaction.atomic():
        _copy("jet_participant", PARTICIPANT_COLUMNS, _participants("G", n, rng))
        # Read before COPY starts: the connection cannot run a query in the middle of a COPY.
        people = list(
            Participant.objects.filter(jet_number__startswith="G").values_list(
                "pk", "role", "first_arrival_year"
            )
        )

        def placements():
            for pk, role, first in people:
                org = rng.choice(orgs)
                for year in range(first, first + YEARS_EACH):
                    yield (
                        pk, org, role, year, f"{year}-08-01", f"{year + 1}-07-31",
                        '[{"name": "Municipal Junior High School", "address": ""}]',
                        "Supervisor", "", "", "", "published", 1,
                    )  # fmt: skip

        _copy("jet_placement", PLACEMENT_COLUMNS, placements())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE jet_participant; ANALYZE jet_placement")


IMPORT_PATHS = ["portal", "stock", "copy"]


def _import_by(path_name: str, csv_path: str) -> dict:
    """One of ``bench/jet_paths.py``'s ways to import the file, in a process of its own."""
    done = subprocess.run(
        [sys.executable, str(BASE_DIR / "bench" / "jet_paths.py"), path_name, csv_path],
        capture_output=True, text=True, cwd=BASE_DIR, env=os.environ, timeout=3600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise BenchError(f"the {path_name} import failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _clear_imported(year: int, rows: int) -> None:
    """Check that an import wrote every placement and its history row, then remove them."""
    from django.db import connection

    from jet.models import Placement

    history = Placement.history.model
    placed = Placement.objects.filter(jet_year=year).count()
    recorded = history.objects.filter(jet_year=year, history_type="+").count()
    if (placed, recorded) != (rows, rows):
        raise BenchError(f"{placed} placements and {recorded} history rows for {rows} rows")
    history.objects.filter(jet_year=year).delete()
    Placement.objects.filter(jet_year=year).delete()
    with connection.cursor() as cursor:
        # Each path starts from the same tables, not from the dead rows of the one before.
        cursor.execute(f"VACUUM ANALYZE jet_placement, {history._meta.db_table}")


@benchmark
def jet_import(ctx: Context):
    """The same file through the portal, through stock django-import-export and by COPY."""
    rows = ctx.size(IMPORT_ROWS, 300)
    rng = random.Random(5)
    _copy("jet_participant", PARTICIPANT_COLUMNS, _participants("I", rows, rng, 2027))
    header = "jet_number,jet_year,organisation,role,contract_start,contract_end,workplaces,supervisor_name,supervisor_email,supervisor_phone,notes\n"
    codes = ["422011", "131016", "011002", "271004", "401005"]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        f.write(header)
        for i in range(rows):
            f.write(
                f"I{i:07d},2027,{rng.choice(codes)},ALT,2027-08-01,2028-07-31,"
                f'"Municipal School {i % 50} | {i % 9}-1 Chuo",Tanaka,t@example.jp,,\n'
            )
        path = f.name
    measured = {}
    try:
        for name in IMPORT_PATHS:
            measured[name] = _import_by(name, path)
            if measured[name]["created"] != rows:
                raise BenchError(f"the {name} import created {measured[name]} of {rows} rows")
            _clear_imported(2027, rows)
    finally:
        os.unlink(path)
    speed = {name: rows / m["seconds"] for name, m in measured.items()}
    print(
        f"[bench] the same {rows:,}-row file: portal {speed['portal']:,.0f} rows/s, "
        f"stock django-import-export {speed['stock']:,.0f} rows/s, COPY {speed['copy']:,.0f} rows/s",
        flush=True,
    )
    return {
        "jet_import_rows_per_s": Figure(speed["portal"], "rows/s"),
        "jet_import_peak_mb": Figure(
            measured["portal"]["peak_mb"], "MB (peak RSS of the import process)"
        ),
        "jet_import_stock_rows_per_s": Figure(
            speed["stock"], "rows/s (stock django-import-export ModelResource, same file)"
        ),
        "jet_import_copy_rows_per_s": Figure(
            speed["copy"], "rows/s (PostgreSQL COPY of the same rows, with history)"
        ),
        "jet_import_vs_stock_ratio": Figure(
            speed["portal"] / speed["stock"], "× (portal rows/s ÷ stock rows/s)"
        ),
        "jet_import_vs_copy_ratio": Figure(
            speed["portal"] / speed["copy"], "× (portal rows/s ÷ COPY rows/s)"
        ),
    }


@benchmark
def jet_publish(ctx: Context):
    from django.contrib.auth.hashers import make_password

    from clair_portal.accounts.models import User
    from clair_portal.notifications.models import Notification
    from jet import services
    from jet.models import Participant, Placement, PlacementNotice

    publish = ctx.size(PUBLISH, 60)
    rng = random.Random(6)
    password = make_password("bench-password-not-for-use")
    users = User.objects.bulk_create(
        [User(email=f"jet-pub-{i}@example.org", password=password) for i in range(publish)],
        batch_size=2_000,
    )
    _copy("jet_participant", PARTICIPANT_COLUMNS, _participants("P", publish, rng, 2028))
    people = list(Participant.objects.filter(jet_number__startswith="P").order_by("pk"))
    for person, user in zip(people, users, strict=True):
        person.user = user
    Participant.objects.bulk_update(people, ["user"], batch_size=2_000)
    from jet.models import ContractingOrganisation

    organisation = ContractingOrganisation.objects.get(code="422011")
    Placement.objects.bulk_create(
        [
            Placement(
                participant=p,
                organisation=organisation,
                role=p.role,
                jet_year=2028,
                contract_start="2028-08-01",
                contract_end="2029-07-31",
                state="draft",
            )  # fmt: skip
            for p in people
        ],
        batch_size=2_000,
    )
    ids = list(Placement.objects.filter(jet_year=2028).values_list("pk", flat=True))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clair_portal.testing.worker_settings",
        "DEBUG": "0",
    }
    figures = {}
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "clair_portal", "worker", "--pool", "solo",
             "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
             "--hostname", "jet-bench@%h"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            time.sleep(8)  # let the worker connect before the clock starts
            if worker.poll() is not None:
                raise BenchError(f"the worker exited: {Path(log.name).read_text()[-2000:]}")
            started = time.monotonic()
            services.publish_placements(ids)
            # Every notice sent: each participant has their inbox entry and their
            # e-mail is queued (the notifications app sends it, one task each).
            while PlacementNotice.objects.exclude(state="sent").exists():
                if time.monotonic() > started + 600:
                    raise BenchError("the fan-out did not finish in 600 s")
                time.sleep(0.2)
            figures["jet_publish_6000_s"] = Figure(
                time.monotonic() - started, "s (inbox entries written, e-mails queued)"
            )
            emails = Notification.objects.filter(
                event_key__startswith="jet-placement-", emailed_at__isnull=True
            )
            while emails.exists() and time.monotonic() < started + 1200:
                time.sleep(0.5)
            if not emails.exists():
                figures["jet_publish_6000_emails_s"] = Figure(
                    time.monotonic() - started, "s (every e-mail handed to the backend)"
                )
        finally:
            os.killpg(worker.pid, 15)
            worker.wait(30)
    sent = Notification.objects.filter(event_key__startswith="jet-placement-").count()
    if sent != publish:
        raise BenchError(f"{sent} notifications for {publish} placements")
    return figures


@benchmark
def jet_admin_changelist(ctx: Context):
    from django.test import Client

    from jet.models import Placement

    admin = bench_account("jet-bench-admin@example.org", hq=False, superuser=True)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    total = Placement.objects.count()
    paths = [
        "/admin/jet/placement/",
        "/admin/jet/placement/?year=2015",
        "/admin/jet/placement/?role__exact=CIR",
        "/admin/jet/placement/?q=G0001234",
        f"/admin/jet/placement/?p={min(200, total // 100 // 2)}",
    ]
    for path in paths:
        if client.get(path).status_code != 200:
            raise BenchError(f"{path} did not answer 200")
    times = []
    for _round in range(ctx.size(10, 1)):
        for path in paths:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise BenchError(f"{path} answered {response.status_code}")
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return {
        "jet_admin_changelist_p95_ms": Figure(p95, f"ms (p95, {total:,} placements)"),
    }
