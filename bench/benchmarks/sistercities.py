"""The public partner search over 2,000 × scale affiliations (20,000 at the default scale).

Partners are invented names in a dozen countries; each affiliation joins one
(sometimes two) of Japan's real local governments to one of them, with years,
kinds, statuses and fields spread as in CLAIR's lists.

``sistercities_search_vs_icontains_ratio``: the same searches (text and
filters) summarised as the uncached page does (``queries.summarise``: counts per
country and prefecture and the first page), once with the portal's text
condition (trigram-indexed search keys over every script) and once with a
plain ``icontains`` over the names' columns; the ratio is the plain search's
p95 over the portal's (above 1: the portal's is faster). The bench prints, per
search, how many affiliations each finds: typed in hiragana, half-width kana,
with a macron or a "-shi", only the portal's finds them.
"""

import random
import statistics
import time
from urllib.parse import urlencode

from bench.registry import Context, Figure, benchmark, generator, scaled

AFFILIATIONS_PER_SCALE = 2_000
PARTNERS_PER_SCALE = 800
BATCH = 2_000
HOST = "127.0.0.1"
TIMED_REQUESTS = 400

COUNTRIES = {
    "US": ["California", "Washington", "Minnesota", "Texas", "Oregon", "Hawaii", "Ohio"],
    "CN": ["Zhejiang", "Jiangsu", "Liaoning", "Shandong", "Sichuan"],
    "KR": ["Gyeonggi-do", "Gangwon-do", "Jeollanam-do", "Gyeongsangbuk-do"],
    "AU": ["New South Wales", "Victoria", "Queensland"],
    "CA": ["British Columbia", "Ontario", "Quebec"],
    "FR": ["Île-de-France", "Grand Est", "Occitanie"],
    "DE": ["Bayern", "Hessen", "Sachsen"],
    "BR": ["São Paulo", "Paraná"],
    "NZ": ["Canterbury", "Otago"],
    "IT": ["Toscana", "Veneto"],
    "PH": ["Cebu", "Davao"],
    "GB": ["England", "Scotland"],
}
SYLLABLES = ["ba", "den", "el", "for", "gar", "hol", "ing", "ker", "lan", "mon", "nor", "os",
             "port", "ril", "san", "ton", "vale", "wick", "ya", "zer"]  # fmt: skip
PREFIXES = ["", "", "", "Saint ", "St. ", "Mount ", "New ", "Port "]
FIELDS = ["education", "culture", "sports", "youth", "economy", "tourism", "environment",
          "health", "disaster", "administration"]  # fmt: skip

# Nagasaki, Sendai, Tokyo, Kyoto, Sapporo, Yokohama and Osaka (JIS X 0402 codes).
SEARCHED = ["422011", "041009", "130001", "261009", "011002", "141003", "271004"]

# Text plus two filters, the text in every script people type.
SEARCHES = [
    {"q": "長崎", "country": "US", "status": "active"},
    {"q": "ながさき", "decade": "1990", "kind": "sister"},
    {"q": "ﾅｶﾞｻｷ", "status": "active", "field": "culture"},
    {"q": "sapporo", "country": "US", "decade": "2000"},
    {"q": "Sendai-shi", "kind": "sister", "status": "active"},
    {"q": "横浜", "field": "youth", "country": "CN"},
    {"q": "saint", "country": "US", "status": "active"},
    {"q": "St. Mon", "decade": "1980", "kind": "sister"},
    {"q": "port", "prefecture": "130001", "status": "active"},
    {"q": "トウキョウ", "country": "KR", "kind": "friendship"},
    {"q": "osaka", "field": "economy", "status": "active"},
    {"q": "Kyōto", "country": "FR", "decade": "1970"},
]


def _name(rng: random.Random) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return rng.choice(PREFIXES) + stem.capitalize()


@generator
def sister_cities(scale: float) -> None:
    from reference.models import ForeignLocalGovernment, LocalGovernment
    from sistercities.models import Affiliation

    rng = random.Random(1955)
    partners, seen = [], set()
    while len(partners) < scaled(PARTNERS_PER_SCALE, scale):
        country = rng.choice(list(COUNTRIES))
        region = rng.choice(COUNTRIES[country])
        name = _name(rng)
        if (country, region, name) in seen:
            continue
        seen.add((country, region, name))
        partner = ForeignLocalGovernment(country=country, region=region, name_en=name)
        partner.search_key = partner.computed_search_key()
        partners.append(partner)
    partner_ids = [
        p.pk for p in ForeignLocalGovernment.objects.bulk_create(partners, batch_size=BATCH)
    ]
    codes = list(LocalGovernment.objects.values_list("code", flat=True))
    through = Affiliation.japanese.through
    total = scaled(AFFILIATIONS_PER_SCALE, scale)
    for start in range(0, total, BATCH):
        batch = []
        for _ in range(min(BATCH, total - start)):
            year = rng.randint(1955, 2025)
            status = rng.choices(["active", "dormant", "fixed_term", "ended"], [80, 10, 5, 5])[0]
            batch.append(
                Affiliation(
                    partner_id=rng.choice(partner_ids),
                    kind=rng.choices(["sister", "friendship", "other"], [70, 25, 5])[0],
                    established_year=year,
                    status=status,
                    ended_on=None if status in ("active", "dormant") else f"{year + 10}-03-31",
                    fields=rng.sample(FIELDS, rng.randint(1, 4)),
                    signed_by_both_heads=rng.random() < 0.9,
                    exchange_in_several_fields=True,
                    budget_approved_by_assembly=rng.random() < 0.7,
                )
            )
        created = Affiliation.objects.bulk_create(batch, batch_size=BATCH)
        links = []
        for n, affiliation in enumerate(created, start):
            chosen = {rng.choice(codes) for _ in range(1 if rng.random() < 0.97 else 2)}
            if n < len(SEARCHED):  # whatever the scale, the searches have something to find
                chosen = {SEARCHED[n]}
            for code in chosen:
                links.append(through(affiliation_id=affiliation.pk, localgovernment_id=code))
        through.objects.bulk_create(links, batch_size=BATCH)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have done on a live database
    from sistercities import caching

    caching.invalidate()  # bulk writes send no signals; a cache may outlive the database


def _path(params: dict) -> str:
    return "/en/sister-cities/?" + urlencode(params)


def _client():
    from django.test import Client

    return Client(HTTP_HOST=HOST)


def _visitor(n: int) -> str:
    """One of many visitors' addresses: the rate limit per visitor stays on."""
    return f"127.0.{n // 250 % 250}.{n % 250 + 1}"


def search_p95_ms(*, cached: bool, requests: int = TIMED_REQUESTS) -> float:
    """95th percentile of the server's time for one search, in this process.

    Each request goes through the whole Django stack (middleware, view,
    queries, template) as gunicorn's worker runs it; only the socket is missing.
    With ``cached`` the searches repeat as the public repeats them, so their
    result sections come from the cache; without it the cache's generation is
    bumped before every request (as an edit would), so every request renders
    its result section from the database.
    """
    from sistercities import caching

    client = _client()
    for n, params in enumerate(SEARCHES):  # warm the per-process caches a live worker has
        assert client.get(_path(params), REMOTE_ADDR=_visitor(n)).status_code == 200
    times = []
    for n in range(requests):
        params = SEARCHES[n % len(SEARCHES)]
        if not cached:
            caching.invalidate()
        started = time.perf_counter()
        response = client.get(_path(params), REMOTE_ADDR=_visitor(n))
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise AssertionError(f"{_path(params)} answered {response.status_code}")
    return statistics.quantiles(times, n=100, method="inclusive")[94]


def search_queries() -> int:
    """The most SQL queries any of the searches makes when its result section is not cached."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sistercities import caching

    client = _client()
    most = 0
    for n, params in enumerate(SEARCHES):
        client.get(_path(params), REMOTE_ADDR=_visitor(n))
        caching.invalidate()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_path(params), REMOTE_ADDR=_visitor(n))
        assert response.status_code == 200
        most = max(most, len(queries))
    return most


# The searches typed in another script than the one the names are stored in.
MULTI_SCRIPT = ["ながさき", "ﾅｶﾞｻｷ", "Sendai-shi", "トウキョウ", "Kyōto"]


def _icontains(text: str):
    """Plain ``icontains`` over the columns a visitor's text could be in."""
    from django.db.models import Q

    from sistercities.models import Affiliation

    condition = Q()
    for column in ("name_kanji", "name_kana", "name_romaji"):
        condition |= Q(**{f"japanese__{column}__icontains": text})
    for column in ("name_en", "name_local"):
        condition |= Q(**{f"partner__{column}__icontains": text})
    return Affiliation.objects.filter(pk__in=Affiliation.objects.filter(condition).values("pk"))


def search_vs_icontains(rounds: int) -> dict:
    """Each search through the portal's text condition and through plain icontains."""
    from sistercities import queries
    from sistercities.forms import SearchForm, filter_affiliations
    from sistercities.models import Affiliation

    times = {"portal": [], "icontains": []}
    found = {}
    for _round in range(rounds + 1):  # the first round warms both
        for params in SEARCHES:
            form = SearchForm(params)
            if not form.is_valid():
                raise AssertionError(f"{params}: {form.errors}")
            plain = {**form.cleaned_data, "q": ""}
            ways = {
                "portal": form.results(),
                "icontains": filter_affiliations(_icontains(params["q"]), plain),
            }
            for way, results in ways.items():
                started = time.perf_counter()
                queries.summarise(results, "established", 1, 25)
                elapsed = (time.perf_counter() - started) * 1000
                if _round:
                    times[way].append(elapsed)
            if not _round:  # what the text alone finds, without the filters
                found[params["q"]] = {
                    "portal": filter_affiliations(
                        Affiliation.objects.all(), {"q": form.cleaned_data["q"]}
                    ).count(),
                    "icontains": _icontains(params["q"]).count(),
                }
    print("[bench] partner search, affiliations the text alone finds:", flush=True)
    for text, counts in found.items():
        mark = "  (another script)" if text in MULTI_SCRIPT else ""
        print(
            f"    {text!r:14} portal {counts['portal']:6,}   icontains {counts['icontains']:6,}{mark}"
        )
    p95 = {way: statistics.quantiles(t, n=100, method="inclusive")[94] for way, t in times.items()}
    return {
        "sistercities_search_vs_icontains_ratio": Figure(
            round(p95["icontains"] / p95["portal"], 3),
            "× (icontains p95 ÷ portal p95, the same searches summarised uncached)",
        ),
        "sistercities_search_multiscript_found": Figure(
            sum(1 for t in MULTI_SCRIPT if found[t]["portal"]),
            f"of {len(MULTI_SCRIPT)} searches in another script that find any affiliation (portal)",
        ),
        "sistercities_icontains_multiscript_found": Figure(
            sum(1 for t in MULTI_SCRIPT if found[t]["icontains"]),
            f"of {len(MULTI_SCRIPT)} searches in another script that find any affiliation (icontains)",
        ),
    }


@benchmark
def sistercities_search(ctx: Context):
    figures = {
        "sistercities_search_p95_ms": Figure(
            round(search_p95_ms(cached=True, requests=ctx.size(TIMED_REQUESTS, 24)), 2), "ms"
        ),
        "sistercities_search_uncached_p95_ms": Figure(
            round(search_p95_ms(cached=False, requests=ctx.size(TIMED_REQUESTS, 24)), 2), "ms"
        ),
        "sistercities_search_queries": Figure(search_queries(), "queries"),
        **search_vs_icontains(ctx.size(20, 2)),
    }
    # The page under load against the cheapest page there is, in the same run
    # (one search repeated, so its result section is served from the cache).
    search = ctx.wrk(_path(SEARCHES[0]))
    healthz = ctx.wrk("/healthz")
    figures["sistercities_search_rps"] = search
    figures["sistercities_healthz_rps"] = healthz  # the ratio's denominator, for the record
    figures["sistercities_search_vs_healthz_rps_ratio"] = Figure(
        round(search.value / healthz.value, 3), "ratio"
    )
    return figures
