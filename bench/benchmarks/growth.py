"""What the slow-growing pages cost as the data grows tenfold, with a picture of it.

Runs last (after every other module's benchmarks, on their data), then grows it:

- the uncached partner search's p95 at the bench's affiliations (20,000 at the
  default scale) and at ten times as many: ``sistercities_search_scaling_ratio``
  is the second over the first (target ≤ 2);
- the JET admin changelist's p95 at the bench's placements (about 706,000 at
  the default scale) and at ten times as many (about 7 million).

Each figure's unit names the rows it was measured over. The figures against
size are drawn in ``bench/growth.svg`` (beside ``results.json``; with
``--tiny``, ``growth.tiny.svg``).
"""

from pathlib import Path

from bench.registry import Context, Figure, benchmark, scaled

GROWTH = 10


@benchmark(last=True)
def growth(ctx: Context):
    from bench.benchmarks import jet, sistercities
    from jet.models import Placement
    from sistercities.models import Affiliation

    requests = ctx.size(sistercities.TIMED_REQUESTS, 24)
    rounds = ctx.size(10, 1)
    search, changelist = [], []

    def measure():
        search.append(
            (
                Affiliation.objects.count(),
                sistercities.search_p95_ms(cached=False, requests=requests),
            )
        )
        p95, placements = jet.changelist_p95(rounds)
        changelist.append((placements, p95))

    if not Affiliation.objects.exists():  # run on its own (--only growth): its own data
        sistercities.sister_cities(ctx.scale)
    if not Placement.objects.exists():
        jet.jet_participant_years(ctx.scale)
    _analyze()
    measure()
    affiliations, placements = search[0][0], changelist[0][0]
    print(f"[bench] growing to {GROWTH}× {affiliations:,} affiliations", flush=True)
    sistercities.add_affiliations(
        (GROWTH - 1) * affiliations,
        (GROWTH - 1) * scaled(sistercities.PARTNERS_PER_SCALE, ctx.scale),
        seed=2026,
    )
    more = (GROWTH - 1) * placements // jet.YEARS_EACH
    print(f"[bench] growing to {GROWTH}× {placements:,} placements", flush=True)
    jet.add_participant_years(more, "X", seed=2027)
    _analyze()
    measure()
    (small_n, small), (large_n, large) = search
    figures = {
        "sistercities_search_uncached_p95_small_ms": Figure(
            round(small, 2), f"ms (p95, {small_n:,} affiliations)"
        ),
        "sistercities_search_uncached_p95_large_ms": Figure(
            round(large, 2), f"ms (p95, {large_n:,} affiliations)"
        ),
        "sistercities_search_scaling_ratio": Figure(
            round(large / small, 3), f"× (p95 at {large_n:,} ÷ p95 at {small_n:,} affiliations)"
        ),
    }
    (small_n, small), (large_n, large) = changelist
    figures |= {
        "jet_admin_changelist_p95_small_ms": Figure(
            round(small, 1), f"ms (p95, {small_n:,} placements)"
        ),
        "jet_admin_changelist_p95_large_ms": Figure(
            round(large, 1), f"ms (p95, {large_n:,} placements)"
        ),
        "jet_admin_changelist_scaling_ratio": Figure(
            round(large / small, 3), f"× (p95 at {large_n:,} ÷ p95 at {small_n:,} placements)"
        ),
    }
    out = Path(__file__).resolve().parents[1] / ("growth.tiny.svg" if ctx.tiny else "growth.svg")
    out.write_text(
        chart(
            [
                ("Partner search, uncached p95", "affiliations", search),
                ("JET admin changelist p95", "placements", changelist),
            ]
        )
    )
    print(f"[bench] drew {out}", flush=True)
    return figures


def _analyze() -> None:
    """Vacuum and analyse, as autovacuum would have done on a live database after so
    many writes, so that it does not do so during the measurement instead (each new
    affiliation is written twice: inserted, then given its parties' search facts)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def chart(panels: list[tuple[str, str, list[tuple[int, float]]]]) -> str:
    """A small standalone SVG: one panel per figure, milliseconds against rows."""
    width, height, pad = 360, 240, 48
    parts = []
    for i, (title, rows_name, points) in enumerate(panels):
        x0 = i * width
        top = max(ms for _n, ms in points) * 1.2 or 1
        most = max(n for n, _ms in points) or 1

        def at(n, ms, x0=x0, top=top, most=most):
            x = x0 + pad + (width - 2 * pad) * n / most
            y = height - pad - (height - 2 * pad) * ms / top
            return x, y

        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(n, ms) for n, ms in points))
        parts.append(f'<text x="{x0 + pad}" y="24" font-weight="bold">{title}</text>')
        parts.append(
            f'<line x1="{x0 + pad}" y1="{height - pad}" x2="{x0 + width - pad}" '
            f'y2="{height - pad}" stroke="#333"/>'
            f'<line x1="{x0 + pad}" y1="{pad}" x2="{x0 + pad}" y2="{height - pad}" stroke="#333"/>'
        )
        parts.append(f'<polyline points="{line}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
        for n, ms in points:
            x, y = at(n, ms)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1f5fa8"/>')
            parts.append(
                f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle">{ms:,.1f} ms</text>'
            )
            parts.append(
                f'<text x="{x:.1f}" y="{height - pad + 18}" text-anchor="middle">{n:,}</text>'
            )
        parts.append(
            f'<text x="{x0 + width / 2}" y="{height - 8}" text-anchor="middle">{rows_name}</text>'
        )
    body = "\n  ".join(parts)
    total = width * len(panels)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {height}" '
        f'width="{total}" height="{height}" font-family="sans-serif" font-size="11" '
        f'role="img" aria-labelledby="growth-title">\n'
        f'  <title id="growth-title">Cost as the data grows: p95 in milliseconds against rows</title>\n'
        f'  <rect width="{total}" height="{height}" fill="white"/>\n  {body}\n</svg>\n'
    )
