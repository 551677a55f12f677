"""The public API keeps its schema: a property-based tester reads /api/schema/ and tries it.

Schemathesis generates requests from the OpenAPI schema, valid and invalid, and
checks every answer against it with every check on: status codes, content types,
headers, bodies, that invalid input is refused and valid input accepted. It runs
against a live server (a thread of this process on a real PostgreSQL), so what
it tests is what a client outside gets. The throttle is raised for this test
only: the schema still documents 429, another test proves it.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.throttling import AnonRateThrottle

from sistercities.tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)

# Bounded: a fixed seed and a few dozen cases per operation keep the run to a
# few hundred requests, well under a minute on a loaded machine. The coverage
# phase is left out: it walks every code of every enum (249 countries, 47
# prefectures...) and alone took a minute; fuzzing draws from the same enums.
MAX_EXAMPLES = 40
SEED = 23
PHASES = "examples,fuzzing,stateful"


def test_the_api_answers_as_its_schema_says(live_server, monkeypatch, tmp_path, reference_data):
    monkeypatch.setattr(AnonRateThrottle, "rate", "100000/min", raising=False)
    World()  # affiliations with and without an end date, notes and partners' websites
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{live_server.url}/api/schema/?format=json",
            "--url",
            live_server.url,
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            str(SEED),
            "--phases",
            PHASES,
            "--workers",
            "1",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-3000:]
    assert "passed" in result.stdout
