"""Office reports at ten times today's size: 8 offices × 20 years of monthly, quarterly and
annual reports (2 × scale years), every report with attachments.

- ``office_reports_hq_list_queries``: SQL queries of one request of HQ's review
  list (the second of two, so per-process caches are warm), counted in this process.
- ``office_reports_hq_list_p95_ms``: HQ's review list (plain, by office, by
  state, by type and period, a deep page) through the Django test client in
  this process, signed in as HQ staff; 95th percentile (nearest rank) of the
  requests' wall-clock times.
"""

import math
import random
import time
from datetime import UTC, date, datetime, timedelta

from bench.registry import BenchError, Context, Figure, bench_account, benchmark, generator, scaled

YEARS_PER_SCALE = 2
ROUNDS = 20


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


@generator
def office_reports(scale: float) -> None:
    """Every office's reports for 2 × scale fiscal years, by COPY, with 1-2 attachments each."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection

    from offices import periods
    from offices.models import Office, Report, ReportType

    rng = random.Random(3)
    years = scaled(YEARS_PER_SCALE, scale)
    last_year = periods.fiscal_year(date.today()) - 1
    first = date(last_year - years + 1, 4, 1)
    last = date(last_year + 1, 3, 31)
    types = list(ReportType.objects.exclude(schedule=periods.AD_HOC).with_rules())
    offices = list(Office.objects.all())  # headquarters and the seven overseas offices
    # One stored file that every attachment row points at: the list never opens files.
    stored = default_storage.save(
        "office-reports/bench/annex.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")
    )
    states = ["accepted"] * 90 + ["submitted"] * 4 + ["returned"] * 3 + ["draft"] * 3
    now = datetime.now(UTC)

    def reports():
        for office in offices:
            for report_type in types:
                rule = report_type.rule_for(office)
                for start in periods.periods_between(report_type.schedule, first, last):
                    due = periods.due_at(report_type.schedule, start, rule, office.timezone)
                    state = rng.choice(states)
                    submitted = (
                        None if state == "draft" else due + timedelta(days=rng.randint(-8, 3))
                    )
                    yield (
                        office.pk, report_type.pk, start,
                        f"{report_type.name_en} {start:%Y-%m}", "Activities of the period. " * 20,
                        rng.choice(["ja", "en"]), state, due, submitted, submitted,
                        1 if submitted else 0, submitted if state == "accepted" else None, "",
                        start, now, False,
                    )  # fmt: skip

    _copy(
        Report._meta.db_table,
        [
            "office_id", "report_type_id", "period_start", "title", "body", "language", "state",
            "due_at", "first_submitted_at", "submitted_at", "submission_count", "accepted_at",
            "review_comment", "created_at", "updated_at", "is_demo",
        ],
        reports(),
    )  # fmt: skip
    with connection.cursor() as cursor:
        # One attachment per report, a second on quarterly and annual ones.
        cursor.execute(
            """
            INSERT INTO offices_reportattachment
                (report_id, file, filename, content_type, size, uploaded_at)
            SELECT r.id, %s, 'annex-' || n || '.pdf', 'application/pdf', 15, r.created_at
            FROM offices_report r
            JOIN offices_reporttype t ON t.id = r.report_type_id
            CROSS JOIN generate_series(1, 2) n
            WHERE n = 1 OR t.schedule <> 'monthly'
            """,
            [stored],
        )
        cursor.execute("ANALYZE offices_report; ANALYZE offices_reportattachment")


def _hq_client():
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bench_account())
    return client


@benchmark
def office_reports_hq_list(ctx: Context):
    from django.db import connection

    from offices.models import Office, Report, ReportType

    client = _hq_client()
    total = Report.objects.count()
    attachments = Report.objects.filter(attachments__isnull=False).count()
    if total == 0:
        raise BenchError("no office reports were generated")
    london = Office.objects.get(code="london").pk
    quarterly = ReportType.objects.get(code="quarterly-research").pk
    base = "/en/offices/reports/review/"
    paths = [
        base,
        f"{base}?office={london}",
        f"{base}?state=submitted",
        f"{base}?report_type={quarterly}&period_from=2015-04-01&period_to=2020-03-31",
        f"{base}?page={max(1, total // 25 // 2)}",
    ]
    for path in paths:
        if client.get(path).status_code != 200:
            raise BenchError(f"{path} did not answer 200")
    # Counted as they execute, whatever the state of the connection's debug log.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(base)
    if response.status_code != 200:
        raise BenchError(f"{base} answered {response.status_code}")
    times = []
    for _round in range(ctx.size(ROUNDS, 2)):
        for path in paths:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise BenchError(f"{path} answered {response.status_code}")
    times.sort()
    p95 = times[math.ceil(len(times) * 0.95) - 1]
    what = f"{total:,} reports, {attachments:,} attachment rows, {len(times)} requests"
    return {
        "office_reports_hq_list_p95_ms": Figure(round(p95, 1), f"ms (p95, {what})"),
        "office_reports_hq_list_queries": Figure(len(queries), "queries"),
    }
