"""The open-data catalogue: a page in English and Japanese, and DCAT JSON-LD that reads as RDF."""

import pytest
from pyld import jsonld

from clair_portal.opendata.datasets import all_datasets
from clair_portal.opendata.models import DatasetFile
from clair_portal.opendata.tasks import rebuild_datasets

pytestmark = pytest.mark.django_db

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture
def built(reference_data):
    rebuild_datasets()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Open data and the API", "Licence", "Last updated", "Sister-city affiliations"]),
        ("ja", ["オープンデータとAPI", "ライセンス", "最終更新", "姉妹都市提携"]),
    ],
)
def test_the_page_lists_every_dataset_with_licence_size_and_date(
    client, built, language, words, django_assert_max_num_queries
):
    # 1 the current files of every dataset (no query per dataset).
    with django_assert_max_num_queries(1):
        response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    for word in words:
        assert word in html
    for dataset in all_datasets():
        assert f'id="{dataset.slug}"' in html
        assert f"/api/v1/datasets/{dataset.slug}.csv" in html
        assert f"/api/v1/datasets/{dataset.slug}.json" in html
    for f in DatasetFile.objects.current():
        assert f.sha256 in html
    assert html.count(CC_BY) >= len(all_datasets())
    assert "<code>japanese.code</code>" in html and "/api/v1/sister-cities/" in html


def test_the_footer_links_to_the_catalogue(client, db):
    assert 'href="/en/open-data/"' in client.get("/en/").content.decode()


def _no_remote_documents(url, options=None):
    raise AssertionError(f"the catalogue should need no remote context, asked for {url}")


def test_the_dcat_catalogue_is_json_ld_with_every_dataset(client, built):
    response = client.get("/api/v1/catalog.jsonld", HTTP_ORIGIN="https://portal.example.jp")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    expanded = jsonld.expand(document, {"documentLoader": _no_remote_documents})
    (catalog,) = expanded
    assert catalog["@type"] == [f"{DCAT}Catalog"]
    datasets = catalog[f"{DCAT}dataset"]
    assert len(datasets) == len(all_datasets())
    for dataset in datasets:
        assert dataset["@type"] == [f"{DCAT}Dataset"]
        assert dataset[f"{DCT}license"] == [{"@id": CC_BY}]
        languages = {t["@language"] for t in dataset[f"{DCT}title"]}
        assert languages == {"en", "ja"}
        assert f"{DCT}modified" in dataset
        distributions = dataset[f"{DCAT}distribution"]
        downloads = [d for d in distributions if f"{DCAT}downloadURL" in d]
        assert {d[f"{DCAT}mediaType"][0]["@value"] for d in downloads} == {
            "text/csv",
            "application/json",
        }
        for d in downloads:
            assert int(d[f"{DCAT}byteSize"][0]["@value"]) > 0
        assert any(f"{DCAT}accessURL" in d for d in distributions)
    # As RDF: every dataset is a dcat:Dataset of the catalogue.
    quads = jsonld.to_rdf(document, {"documentLoader": _no_remote_documents})["@default"]
    typed = [
        q for q in quads
        if q["predicate"]["value"] == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        and q["object"]["value"] == f"{DCAT}Dataset"
    ]  # fmt: skip
    assert len(typed) == len(all_datasets())
