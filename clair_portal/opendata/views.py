"""The open-data catalogue: a page for people, DCAT JSON-LD for portals, the files themselves."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from clair_portal.licence import LICENCE_NAME, LICENCE_URL, with_licence_link
from clair_portal.opendata.datasets import FORMATS, all_datasets
from clair_portal.opendata.models import DatasetFile
from clair_portal.opendata.services import storage_name

LANGUAGES = ("en", "ja")


def _current_files() -> dict[str, dict[str, DatasetFile]]:
    files: dict[str, dict[str, DatasetFile]] = {}
    for f in DatasetFile.objects.current():
        files.setdefault(f.slug, {})[f.fmt] = f
    return files


def entries(request) -> list[dict]:
    """Each dataset with its current files, in the order the apps declare them (one query)."""
    files = _current_files()
    found = []
    for dataset in all_datasets():
        mine = files.get(dataset.slug, {})
        built = max((f.built_at for f in mine.values()), default=None)
        found.append(
            {
                "dataset": dataset,
                "files": [mine[fmt] for fmt in FORMATS if fmt in mine],
                "updated": built,
                "rows": next(iter(mine.values())).rows if mine else None,
                "api": request.build_absolute_uri(reverse(dataset.endpoint)),
                "columns": dataset.columns(),
            }
        )
    return found


@require_safe
def catalogue(request):
    return render(
        request,
        "opendata/catalogue.html",
        {
            "entries": entries(request),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "jsonld": reverse("api:catalog"),
        },
    )


@require_safe
def dataset_file(request, slug: str, fmt: str):
    """The current file of a dataset, streamed from disk, with its checksum as ETag."""
    f = DatasetFile.objects.current().filter(slug=slug, fmt=fmt).first()
    return _send(request, f)


@require_safe
def kept_file(request, name: str):
    """A file by its name: the current one or one kept after being superseded."""
    return _send(request, DatasetFile.objects.filter(name=name).first())


def _send(request, f):
    if f is None or not default_storage.exists(storage_name(f)):
        raise Http404
    etag = f'"{f.sha256}"'
    last_modified = int(f.built_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        response = FileResponse(
            default_storage.open(storage_name(f), "rb"),
            as_attachment=True,
            filename=f.name,
            content_type=f"{FORMATS[f.fmt]}; charset=utf-8",
        )
    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Digest"] = f"sha-256={f.sha256}"
    return with_licence_link(response)


def _texts(value) -> list[dict]:
    """A translated text in each language, as JSON-LD language-tagged values."""
    texts = []
    for language in LANGUAGES:
        with translation.override(language):
            texts.append({"@value": str(value), "@language": language})
    return texts


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@require_safe
def catalog_jsonld(request):
    """The catalogue as DCAT in JSON-LD, with its context inline (no fetch needed to read it)."""
    url = request.build_absolute_uri
    licence = {"@id": LICENCE_URL}
    publisher = {
        "@type": "foaf:Organization",
        "foaf:name": _texts(
            translation.gettext_lazy(
                "Council of Local Authorities for International Relations (CLAIR)"
            )
        ),
    }
    datasets = []
    for entry in entries(request):
        dataset = entry["dataset"]
        distributions = [
            {
                "@id": url(reverse("api:dataset-file", args=[dataset.slug, f.fmt])),
                "@type": "dcat:Distribution",
                "dct:format": f.fmt.upper(),
                "dcat:mediaType": FORMATS[f.fmt],
                "dcat:downloadURL": {
                    "@id": url(reverse("api:dataset-file", args=[dataset.slug, f.fmt]))
                },
                "dcat:byteSize": {"@value": str(f.size), "@type": "xsd:nonNegativeInteger"},
                "dct:modified": {"@value": f.built_at.isoformat(), "@type": "xsd:dateTime"},
                "dct:license": licence,
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                    "spdx:checksumValue": {"@value": f.sha256, "@type": "xsd:hexBinary"},
                },
            }
            for f in entry["files"]
        ]
        distributions.append(
            {
                "@id": entry["api"],
                "@type": "dcat:Distribution",
                "dcat:accessURL": {"@id": entry["api"]},
                "dcat:mediaType": "application/json",
                "dct:license": licence,
                "dct:conformsTo": {"@id": url(reverse("api:schema"))},
            }
        )
        item = {
            "@id": url(reverse("opendata:catalogue")) + f"#{dataset.slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.slug,
            "dct:title": _texts(dataset.title),
            "dct:description": _texts(dataset.description),
            "dct:license": licence,
            "dct:publisher": publisher,
            "dcat:landingPage": {"@id": url(reverse("opendata:catalogue"))},
            "dcat:distribution": distributions,
        }
        if entry["updated"] is not None:
            item["dct:modified"] = {"@value": entry["updated"].isoformat(), "@type": "xsd:dateTime"}
        if dataset.keywords:
            item["dcat:keyword"] = list(dataset.keywords)
        datasets.append(item)
    body = {
        "@context": CONTEXT,
        "@id": url(reverse("api:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": _texts(translation.gettext_lazy("CLAIR Portal open data")),
        "dct:license": licence,
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": url(reverse("opendata:catalogue"))},
        "dcat:dataset": datasets,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    return response
