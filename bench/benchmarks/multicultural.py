"""HQ's grants dashboard at ten times the real number of grant applications.

Real scale (an estimate from the booklet's example of 13 associations funded
after one earthquake, and ~1,800 local governments): a few hundred applications a
year. At ``--scale`` s the generator makes 5 fiscal years x 4 programmes with
75·s applications each (3,000 a year at s=10), about half awarded and paid in
part, spread over the municipalities of all 47 prefectures.
"""

import random
import time
import urllib.request

from bench.registry import BenchError, Context, Figure, bench_account, benchmark, generator, scaled

YEARS = 5
PROGRAMMES_PER_YEAR = 4
APPLICATIONS_PER_PROGRAMME = 75  # times the scale
REQUESTS = 200


def _current_fiscal_year() -> int:
    from django.utils import timezone

    from multicultural.models import fiscal_year_of

    return fiscal_year_of(timezone.localdate())


@generator
def grants(scale: float) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from multicultural.models import (
        ApplicantKind,
        Disbursement,
        GrantApplication,
        GrantCategory,
        GrantProgramme,
    )
    from reference.models import LocalGovernment

    rng = random.Random(8)
    hq = bench_account()
    categories = list(GrantCategory.objects.all())
    municipalities = list(LocalGovernment.objects.municipalities().only("code", "prefecture_id"))
    now = timezone.now()
    first_year = _current_fiscal_year() - YEARS + 1
    per_programme = scaled(APPLICATIONS_PER_PROGRAMME, scale)
    for year in range(first_year, first_year + YEARS):
        for n in range(PROGRAMMES_PER_YEAR):
            programme = GrantProgramme.objects.create(
                name=f"Bench programme {year}-{n}",
                name_en=f"Bench programme {year}-{n}",
                fiscal_year=year,
                budget=per_programme * 3_000_000,
                cap_prefectural=4_000_000,
                cap_joint=4_000_000,
                cap_municipal=3_000_000,
                cap_association=3_000_000,
                minimum_request=500_000,
                opens_at=now - timedelta(days=30),
                closes_at=now + timedelta(days=30),
            )
            programme.categories.set(categories)
            start, _end = programme.period()
            rows = []
            for i in range(per_programme):
                body = rng.choice(municipalities)
                requested = rng.randrange(500_000, 3_000_001, 10_000)
                awarded = rng.random() < 0.5
                rows.append(
                    GrantApplication(
                        programme=programme,
                        local_government_id=body.code,
                        prefecture_id=body.prefecture_id,
                        applicant_kind=ApplicantKind.MUNICIPAL,
                        created_by=hq,
                        title=f"Bench project {i}",
                        category=rng.choice(categories),
                        summary="Generated for the benchmark.",
                        project_start=start + timedelta(days=30),
                        project_end=start + timedelta(days=200),
                        requested_amount=requested,
                        state="awarded" if awarded else "submitted",
                        submitted_at=now,
                        awarded_amount=requested if awarded else None,
                    )
                )
            made = GrantApplication.objects.bulk_create(rows, batch_size=1000)
            Disbursement.objects.bulk_create(
                [
                    Disbursement(
                        application=a,
                        amount=a.awarded_amount // 2,
                        paid_on=start + timedelta(days=90),
                        recorded_by=hq,
                    )
                    for a in made
                    if a.awarded_amount
                ],
                batch_size=1000,
            )


def _session_cookie() -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(bench_account())
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _count_queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bench_account())
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"GET {path} answered {response.status_code}")
    return len(queries)


def p95(samples: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(samples)
    rank = max(1, -(-95 * len(ordered) // 100))  # ceil(0.95 n)
    return ordered[rank - 1]


@benchmark
def grants_dashboard(ctx: Context):
    path = f"/en/multicultural/grants/dashboard/?year={_current_fiscal_year()}"
    url = ctx.base_url + path
    request = urllib.request.Request(url, headers={"Cookie": _session_cookie()})
    samples = []
    for i in range(ctx.size(REQUESTS, 10) + 10):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=ctx.load.request_timeout_seconds) as response:
            body = response.read()
            if response.status != 200 or b"mc-total-committed" not in body:
                raise BenchError(
                    f"GET {url} did not serve the dashboard (status {response.status})"
                )
        elapsed = (time.perf_counter() - started) * 1000
        if i >= 10:  # the first requests warm the worker's caches
            samples.append(elapsed)
    return {
        "grants_dashboard_p95_ms": Figure(round(p95(samples), 1), "ms"),
        "grants_dashboard_queries": Figure(_count_queries(path), "queries"),
    }
