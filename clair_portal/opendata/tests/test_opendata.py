"""Open data: whole datasets as files that match the API, conditional requests, the catalogue."""

import csv
import hashlib
import io
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from clair_portal.opendata import services
from clair_portal.opendata.datasets import all_datasets, get_dataset
from clair_portal.opendata.models import DatasetFile
from clair_portal.opendata.tasks import rebuild_datasets
from reference.models import LocalGovernment
from sistercities.models import Affiliation
from sistercities.tests.conftest import World

pytestmark = pytest.mark.django_db

EVERY_DATASET = {
    "offices",
    "sister-city-affiliations",
    "local-governments",
    "partner-requests",
    "exchange-projects",
    "exchange-events",
    "living-information",
}


def api_rows(client, url) -> list[dict]:
    """Every row of an API list, page after page, following ``next``."""
    rows, count = [], None
    while url:
        body = client.get(url).json()
        count = body["count"] if count is None else count
        assert body["count"] == count
        rows += body["results"]
        url = body["next"]
    assert len(rows) == count
    return rows


def read(f: DatasetFile) -> bytes:
    with default_storage.open(services.storage_name(f), "rb") as stored:
        return stored.read()


def some_of_everything(cast):
    """A row or more in every dataset, each made by its app's own factories and services."""
    from datetime import date

    from multicultural.tests import factories as library
    from sistercities.tests import factories

    world = World()
    factories.partner_request(by=cast.superuser)
    factories.partner_request(state="pending")  # not published: in no file
    factories.project(world.nagasaki_st_paul)
    factories.event()
    doc = library.document()
    library.version(doc, "ja", date(2026, 4, 1))
    library.version(doc, "en", date(2026, 4, 2))


@pytest.fixture
def built(reference_data, cast):
    some_of_everything(cast)
    assert set(rebuild_datasets()) >= EVERY_DATASET
    return {(f.slug, f.fmt): f for f in DatasetFile.objects.current()}


def test_every_dataset_is_found_through_the_apps_hooks():
    assert {d.slug for d in all_datasets()} >= EVERY_DATASET


def test_the_files_match_the_api_row_for_row(client, built):
    for dataset in all_datasets():
        from django.urls import reverse

        rows = api_rows(client, reverse(dataset.endpoint))
        as_json, as_csv = built[dataset.slug, "json"], built[dataset.slug, "csv"]
        assert json.loads(read(as_json)) == rows, dataset.slug
        table = list(csv.reader(io.StringIO(read(as_csv).decode("utf-8-sig"))))
        assert table[0] == [c.key for c in dataset.columns()]
        assert len(table) - 1 == len(rows) == as_json.rows == as_csv.rows
        for f in (as_json, as_csv):
            assert f.sha256 == hashlib.sha256(read(f)).hexdigest() and f.size == len(read(f))
    assert built["local-governments", "csv"].rows == 1788
    assert built["partner-requests", "json"].rows == 1
    assert built["living-information", "json"].rows == 2
    assert built["exchange-projects", "json"].rows == 1
    assert built["exchange-events", "json"].rows >= 1  # the booklet's events, and one more
    published = json.loads(read(built["partner-requests", "json"]))[0]
    assert not {"contact_email", "contact_name", "contact_phone", "token"} & set(published)


def test_a_joint_affiliation_lists_its_parties_in_one_csv_cell(built):
    table = list(
        csv.DictReader(
            io.StringIO(read(built["sister-city-affiliations", "csv"]).decode("utf-8-sig"))
        )
    )
    joint = next(row for row in table if row["established_year"] == "2010")
    assert joint["japanese.code"] == "423076;423084"
    assert joint["partner.country"] == "US" and joint["partner.website"] == ""


def test_unchanged_data_is_not_rebuilt_and_a_change_is_even_a_bulk_one(built):
    assert rebuild_datasets() == []
    before = DatasetFile.objects.current().get(slug="sister-city-affiliations", fmt="json")
    # A bulk update sends no signal: the tables' fingerprint still sees it.
    Affiliation.objects.filter(established_year=1955).update(notes_en="The first one, 1955.")
    assert rebuild_datasets() == ["sister-city-affiliations"]
    after = DatasetFile.objects.current().get(slug="sister-city-affiliations", fmt="json")
    assert after.sha256 != before.sha256 and "The first one, 1955." in read(after).decode()
    before.refresh_from_db()
    assert before.superseded_at is not None and default_storage.exists(
        services.storage_name(before)
    )


def test_superseded_files_are_kept_30_days_then_deleted(client, built):
    Affiliation.objects.filter(established_year=1955).update(notes_en="Changed.")
    rebuild_datasets()
    old = DatasetFile.objects.exclude(superseded_at=None).get(
        slug="sister-city-affiliations", fmt="csv"
    )
    assert client.get(f"/api/v1/datasets/files/{old.name}").status_code == 200
    assert services.prune(timezone.now() + timedelta(days=29)) == 0
    assert services.prune(timezone.now() + timedelta(days=31)) == 2
    assert not default_storage.exists(services.storage_name(old))
    assert not DatasetFile.objects.filter(pk=old.pk).exists()
    assert client.get(f"/api/v1/datasets/files/{old.name}").status_code == 404
    assert DatasetFile.objects.current().count() == 2 * len(all_datasets())


def test_a_change_that_does_not_show_publishes_nothing(built):
    # A local government's search key is not in any file: the JSON comes out the same.
    LocalGovernment.objects.filter(code="422011").update(search_key="x")
    assert rebuild_datasets() == []
    assert DatasetFile.objects.exclude(superseded_at=None).count() == 0


def test_a_dataset_file_downloads_with_its_checksum_and_answers_304(client, built):
    f = built["offices", "csv"]
    response = client.get("/api/v1/datasets/offices.csv", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == f.sha256
    assert response["ETag"] == f'"{f.sha256}"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    again = client.get("/api/v1/datasets/offices.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(
        "/api/v1/datasets/offices.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert since.status_code == 304
    assert client.get("/api/v1/datasets/offices.xml").status_code == 404
    assert client.get("/api/v1/datasets/nothing.csv").status_code == 404


def test_api_lists_answer_304_to_a_matching_etag_or_date(client, reference_data):
    first = client.get("/api/v1/local-governments/", {"prefecture": "420000"})
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(
        "/api/v1/local-governments/", {"prefecture": "420000"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    other = client.get(
        "/api/v1/local-governments/", {"prefecture": "010006"}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert other.status_code == 200
    since = client.get(
        "/api/v1/local-governments/422011/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304


def test_a_change_moves_last_modified_and_the_etag(client, reference_data):
    first = client.get("/api/v1/offices/")
    services.touch(["offices"], timezone.now() + timedelta(seconds=5))
    from offices.models import Office

    office = Office.objects.get(code="new-york")
    office.email = "info@example.org"
    office.save()
    second = client.get("/api/v1/offices/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"] and second["Last-Modified"] != first["Last-Modified"]


def test_cors_is_open_on_the_api_only(client, reference_data):
    api = client.get("/api/v1/offices/", HTTP_ORIGIN="https://example.org")
    assert api["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in api["Access-Control-Expose-Headers"]
    page = client.get("/en/open-data/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page
    assert "Access-Control-Allow-Origin" not in client.get(
        "/en/offices/", HTTP_ORIGIN="https://example.org"
    )


def test_every_answer_tells_the_client_its_rate_limit(client, monkeypatch, reference_data):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "rate", "5/min", raising=False)
    first = client.get("/api/v1/offices/", REMOTE_ADDR="10.7.7.7")
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("5", "4")
    assert 1 <= int(first["RateLimit-Reset"]) <= 60
    for _ in range(4):
        client.get("/api/v1/offices/", REMOTE_ADDR="10.7.7.7")
    refused = client.get("/api/v1/offices/", REMOTE_ADDR="10.7.7.7")
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0"


def test_the_api_root_lists_every_endpoint(client, db):
    body = client.get("/api/v1/").json()
    assert {"offices", "sister-cities", "local-governments"} <= set(body)


def test_the_beat_rebuilds_the_datasets():
    entry = settings.CELERY_BEAT_SCHEDULE["opendata-rebuild-datasets"]
    assert entry["task"] == "clair_portal.opendata.tasks.rebuild_datasets"


def test_get_dataset_by_slug():
    assert get_dataset("offices").endpoint == "api:office-list"
    assert get_dataset("nothing") is None


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the count, the page with the local governments and their prefectures, Last-Modified
        ("/api/v1/partner-requests/", 3),
        # the count, the page, Last-Modified
        ("/api/v1/exchange-projects/", 3),
        # the count, the page with series, Japanese and foreign participants, Last-Modified
        ("/api/v1/exchange-events/", 5),
        # the count, the page with documents, topics and languages, Last-Modified
        ("/api/v1/living-information/", 3),
    ],
)
def test_new_lists_keep_their_query_count(
    client, cast, url, queries, django_assert_max_num_queries
):
    some_of_everything(cast)
    client.get(url)
    with django_assert_max_num_queries(queries):
        assert client.get(url).json()["count"] >= 1


def test_a_request_not_published_is_not_found_in_the_api(client, cast):
    from sistercities.tests import factories

    pending = factories.partner_request(state="pending")
    published = factories.partner_request(by=cast.superuser)
    assert client.get(f"/api/v1/partner-requests/{pending.pk}/").status_code == 404
    body = client.get(f"/api/v1/partner-requests/{published.pk}/").json()
    assert body["id"] == published.pk and "contact_email" not in body


def test_an_empty_page_number_is_refused(client, db):
    assert client.get("/api/v1/exchange-projects/", {"page": ""}).status_code == 404
    assert client.get("/api/v1/exchange-projects/", {"page": "1"}).status_code == 200
