"""``make bench`` runs whole: its generators fill one database together, and its
results carry what they were measured under. The benchmarks themselves need
gunicorn, wrk and a worker; CI runs them all at tiny scale after the tests
(``make bench BENCH_ARGS=--tiny`` in ``.ci/run``)."""

import json

import pytest

from bench import benchmarks, run
from bench.registry import (
    BENCHMARKS,
    GENERATORS,
    BenchError,
    Figure,
    bench_account,
    parse_requests_per_second,
)
from clair_portal.accounts import roles

pytestmark = pytest.mark.django_db


def test_every_generator_fills_the_same_database_at_tiny_scale_without_colliding(
    reference_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    benchmarks.load_all()
    assert {g.__module__.rsplit(".", 1)[-1] for g in GENERATORS} >= {
        "cooperation", "core", "jet", "multicultural", "office_reports", "sistercities",
    }  # fmt: skip
    for generate in GENERATORS:
        generate(run.TINY_SCALE)


def test_the_bench_account_is_shared_by_every_module_that_asks_for_it():
    first = bench_account()
    again = bench_account()
    assert again.pk == first.pk
    assert roles.is_hq(again)
    admin = bench_account("admin-bench@example.org", hq=False, superuser=True)
    assert admin.is_superuser and bench_account("admin-bench@example.org", hq=False).pk == admin.pk


def test_results_keep_other_runs_and_say_what_each_figure_was_measured_under(tmp_path):
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"older_rps": {"value": 3.0, "unit": "requests/s"}}))
    seen = {"load_before": [1.5, 1.0, 0.5], "load_after": [2.0, 1.1, 0.5], "commit": "abc"}
    run.merge_results(out, {"new_ms": Figure(0.083333, "ms")}, {"new_ms": seen})
    results = json.loads(out.read_text())
    assert results["older_rps"] == {"value": 3.0, "unit": "requests/s"}
    assert results["new_ms"] == {"value": 0.08333, "unit": "ms", **seen}


def test_a_benchmark_waits_for_a_busy_machine_to_settle_but_not_for_ever(monkeypatch):
    loads = iter([3.9, 2.5, 0.4])
    monkeypatch.setattr(run.os, "getloadavg", lambda: (next(loads), 1.0, 1.0))
    monkeypatch.setattr(run.time, "sleep", lambda seconds: None)
    run.settle(quiet=1.0, most=60)
    assert next(loads, "all read") == "all read"  # polled until the load fell under 1.0
    monkeypatch.setattr(run.os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    clock = iter(range(0, 1000, 30))
    monkeypatch.setattr(run.time, "monotonic", lambda: next(clock))
    assert run.settle(quiet=1.0, most=120) == 120  # gave up after two minutes


def test_the_commit_and_load_are_read_from_this_checkout_and_machine():
    commit = run.current_commit()
    assert len(commit.removesuffix("-dirty")) == 40
    assert len(run.load_average()) == 3


def test_tiny_runs_are_short_and_kept_apart_from_the_real_figures():
    args = run.parse_args(["--tiny"])
    assert (args.scale, args.duration) == (run.TINY_SCALE, run.TINY_DURATION)
    assert args.out.name == "results.tiny.json"
    assert run.parse_args([]).out.name == "results.json"


def test_each_engineer_benchmarks_in_a_database_named_after_their_own():
    assert run.bench_database_url("postgresql://u@h:5432/h_bench") == (
        "postgresql://u@h:5432/h_bench_bench"
    )


def test_a_load_run_with_error_responses_gives_no_figure():
    report = "Requests/sec:    120.5\n  Non-2xx or 3xx responses: 3\n"
    with pytest.raises(BenchError):
        parse_requests_per_second(report)
    assert parse_requests_per_second("Requests/sec:    120.5\n") == 120.5


def test_a_load_run_in_which_no_request_completed_gives_no_figure():
    # What wrk reports when the server stalls for the whole run (both workers
    # restarting at once): no error, no request, and a ratio that would divide by zero.
    report = "  0 requests in 2.00s, 0.00B read\nRequests/sec:      0.00\n"
    with pytest.raises(BenchError, match="no request"):
        parse_requests_per_second(report, "http://127.0.0.1:1/healthz")


def test_the_bench_server_never_recycles_its_workers_mid_run():
    # Production's max_requests would restart both workers together partway through.
    command = run.gunicorn_command(8000)
    assert command[command.index("--max-requests") + 1] == "0"


def test_the_growth_chart_draws_each_figure_against_its_rows():
    from xml.etree import ElementTree

    from bench.benchmarks.growth import chart

    svg = chart(
        [
            ("Partner search, uncached p95", "affiliations", [(20_000, 21.5), (200_000, 38.0)]),
            ("JET admin changelist p95", "placements", [(706_000, 90.0), (7_060_000, 410.0)]),
        ]
    )
    root = ElementTree.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"21.5 ms", "38.0 ms", "200,000", "7,060,000", "placements"} <= set(texts)
    assert len(list(root.iter("{http://www.w3.org/2000/svg}polyline"))) == 2


def test_a_benchmark_that_grows_the_data_runs_after_the_others():
    benchmarks.load_all()
    order = sorted(BENCHMARKS, key=lambda b: b.runs_last)
    assert order[-1].__name__ == "growth"
    assert not any(b.runs_last for b in order[:-1])
