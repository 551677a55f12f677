"""The specialist registry at ten times its 2010 size: 14,000 specialists at scale 10.

- ``specialist_ranking_ms``: ranking the registry for one dispatch request
  (three fields, French, a 61-day period) with ``cooperation.ranking.rank``, the
  call the request page makes: the **median** of 40 timed runs after 5 warm-up
  runs, in this process against the bench database; ``specialist_ranking_p95_ms``
  is the 95th percentile of the same runs.
- ``specialist_ranking_queries``: the SQL queries of one ranking (constant).

The registry also holds live dispatches (planned or agreed) in the ranked
request's period, so the ranking's exclusion of double-booked specialists runs
over real rows.
"""

import datetime
import random
import statistics
import time

from bench.registry import BenchError, Context, Figure, bench_account, benchmark, generator, scaled

SPECIALISTS_PER_SCALE = 1_400
PAST_DISPATCHES_PER_SCALE = 300
# Dispatches planned or agreed across the benchmark request's period (days 90-150 from today).
LIVE_DISPATCHES_PER_SCALE = 40
RUNS, WARMUP = 40, 5
LANGUAGES = ["en"] * 6 + ["fr", "zh", "ko", "es", "pt", "vi", "id", "th", "de", "ru"]


def _copy(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


@generator
def cooperation_registry(scale: float) -> None:
    from django.db import connection
    from django.utils import timezone

    from cooperation.models import Dispatch, DispatchRequest, Field, Specialist
    from reference.models import ForeignLocalGovernment, LocalGovernment

    rng = random.Random(7)
    n = scaled(SPECIALISTS_PER_SCALE, scale)
    fields = list(Field.objects.values_list("pk", flat=True))
    homes = list(LocalGovernment.objects.values_list("code", flat=True))
    now = timezone.now()
    _copy(
        "cooperation_specialist",
        ["email", "full_name", "status", "home_government_id", "position", "years_of_experience",
         "consent_to_contact", "is_active", "profile_updated_at", "notes", "is_demo"],
        (
            (f"bench{i:06d}@example.org", f"Bench Specialist {i:06d}", rng.choice(["serving", "retired"]),
             rng.choice(homes), "", rng.randint(0, 40), rng.random() < 0.9, rng.random() < 0.95,
             now - datetime.timedelta(days=rng.randint(0, 900)), "", False)
            for i in range(n)
        ),
    )  # fmt: skip
    ids = list(Specialist.objects.order_by("pk").values_list("pk", flat=True))
    _copy(
        "cooperation_specialist_fields",
        ["specialist_id", "field_id"],
        ((pk, f) for pk in ids for f in rng.sample(fields, rng.randint(1, 4))),
    )
    _copy(
        "cooperation_specialistlanguage",
        ["specialist_id", "language", "level"],
        ((pk, code, rng.randint(1, 4)) for pk in ids for code in set(rng.sample(LANGUAGES, 2))),
    )
    today = datetime.date.today()

    def windows(pk):
        for _ in range(rng.randint(0, 3)):
            start = today + datetime.timedelta(days=rng.randint(-100, 500))
            yield pk, start, start + datetime.timedelta(days=rng.randint(14, 200))

    _copy(
        "cooperation_availability",
        ["specialist_id", "starts_on", "ends_on"],
        (row for pk in ids for row in windows(pk)),
    )
    entered_by = bench_account()
    government, _ = ForeignLocalGovernment.objects.get_or_create(
        country="FR", region="Bench", name_en="Bench Commune"
    )
    past = []
    for i in range(scaled(PAST_DISPATCHES_PER_SCALE, scale)):
        start = today - datetime.timedelta(days=400 + i % 2000)
        past.append(
            DispatchRequest(
                foreign_government=government, country="FR", language="fr", starts_on=start,
                ends_on=start + datetime.timedelta(days=30), description="Bench request",
                entered_by=entered_by, state=DispatchRequest.State.CLOSED,
            )
        )  # fmt: skip
    past = DispatchRequest.objects.bulk_create(past, batch_size=2_000)
    Dispatch.objects.bulk_create(
        [
            Dispatch(request=r, specialist_id=rng.choice(ids), starts_on=r.starts_on,
                     ends_on=r.ends_on, state=Dispatch.State.REPORTED)
            for r in past
        ],
        batch_size=2_000,
    )  # fmt: skip
    booked = rng.sample(ids, scaled(LIVE_DISPATCHES_PER_SCALE, scale))
    live = []
    for i, pk in enumerate(booked):
        start = today + datetime.timedelta(days=60 + i % 120)
        live.append(
            DispatchRequest(
                foreign_government=government, country="FR", language="fr", starts_on=start,
                ends_on=start + datetime.timedelta(days=45), description="Bench request",
                entered_by=entered_by, state=DispatchRequest.State.SELECTED,
                selected_specialist_id=pk,
            )
        )  # fmt: skip
    live = DispatchRequest.objects.bulk_create(live, batch_size=2_000)
    Dispatch.objects.bulk_create(
        [
            Dispatch(request=r, specialist_id=pk, starts_on=r.starts_on, ends_on=r.ends_on,
                     state=rng.choice([Dispatch.State.PLANNED, Dispatch.State.AGREED]))
            for r, pk in zip(live, booked, strict=True)
        ],
        batch_size=2_000,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _the_request():
    from cooperation.models import DispatchRequest, Field
    from reference.models import ForeignLocalGovernment

    today = datetime.date.today()
    request = DispatchRequest.objects.create(
        foreign_government=ForeignLocalGovernment.objects.get(name_en="Bench Commune"),
        country="FR",
        language="fr",
        starts_on=today + datetime.timedelta(days=90),
        ends_on=today + datetime.timedelta(days=150),
        description="Bench ranking request",
        entered_by=bench_account(),
    )
    request.fields.set(Field.objects.filter(code__in=["water-supply", "sewerage", "health"]))
    return request


@benchmark
def specialist_ranking(ctx: Context):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cooperation import ranking
    from cooperation.models import Dispatch, Specialist

    registry = Specialist.objects.count()
    if registry < scaled(SPECIALISTS_PER_SCALE, ctx.scale):
        raise BenchError(
            f"the registry holds {registry} specialists, "
            f"not {scaled(SPECIALISTS_PER_SCALE, ctx.scale)}"
        )
    request = _the_request()
    for _ in range(WARMUP):
        ranking.rank(request)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        candidates = ranking.rank(request)
        times.append((time.perf_counter() - started) * 1000)
    # A tiny registry may hold fewer suitable people than a page of candidates.
    if len(candidates) != ranking.DEFAULT_LIMIT and not (ctx.tiny and candidates):
        raise BenchError(f"ranking returned {len(candidates)} candidates")
    busy = set(
        Dispatch.objects.filter(starts_on__lte=request.ends_on, ends_on__gte=request.starts_on)
        .exclude(state=Dispatch.State.CANCELLED)
        .values_list("specialist_id", flat=True)
    )
    if not busy:
        raise BenchError("no live dispatch overlaps the request: the exclusion is not exercised")
    if busy & {candidate.specialist.pk for candidate in candidates}:
        raise BenchError("the ranking proposed a specialist booked for an overlapping period")
    with CaptureQueriesContext(connection) as queries:
        ranking.rank(request)
    times.sort()
    return {
        "specialist_ranking_ms": Figure(round(statistics.median(times), 1), "ms"),
        "specialist_ranking_p95_ms": Figure(round(times[int(0.95 * len(times)) - 1], 1), "ms"),
        "specialist_ranking_queries": Figure(len(queries), "queries"),
    }
