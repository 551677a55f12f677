"""The public datasets, each declared by its app in ``<app>/datasets.py`` as ``DATASETS``.

A dataset is what the API lists at one endpoint, whole: its rows are the API's
rows in the API's order, serialized by the same serializer, so the files and
the API cannot disagree. The core imports no app: it finds them through
``clair_portal.hooks.app_modules("datasets")``.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from django.db import models
from django.utils.text import format_lazy
from rest_framework import serializers

from clair_portal.hooks import app_modules

FORMATS = {"csv": "text/csv", "json": "application/json"}
# Several values of one column (the Japanese parties of a joint affiliation) in a CSV cell.
JOIN = ";"


@dataclass(frozen=True)
class Column:
    key: str  # e.g. "partner.country"
    label: str  # lazy: its meaning in the page's language
    help_text: str = ""


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str  # lazy
    description: str  # lazy
    serializer: type[serializers.Serializer]
    queryset: Callable[[], models.QuerySet]  # the whole public dataset, in the API's order
    models: tuple[type[models.Model], ...]  # every table whose rows change the dataset
    endpoint: str  # the URL name of its API list, e.g. "api:affiliation-list"
    keywords: tuple[str, ...] = field(default=())

    def columns(self) -> list[Column]:
        """The CSV's columns: the serializer's fields, nested ones as ``parent.child``."""
        return list(_columns(self.serializer(), "", None))

    def rows(self, chunk_size: int = 500) -> Iterator[dict]:
        """Every row as the API serializes it, read in chunks (prefetches run per chunk)."""
        serializer = self.serializer()
        for obj in self.queryset().iterator(chunk_size=chunk_size):
            yield serializer.to_representation(obj)


def _columns(serializer, prefix: str, parent_label) -> Iterator[Column]:
    for name, field_ in serializer.fields.items():
        label = field_.label or name
        if parent_label is not None:
            label = format_lazy("{}: {}", parent_label, label)
        target = field_.child if isinstance(field_, serializers.ListSerializer) else field_
        if isinstance(target, serializers.Serializer):
            yield from _columns(target, f"{prefix}{name}.", label)
        else:
            yield Column(f"{prefix}{name}", label, field_.help_text or "")


def flat(row: dict, columns: list[Column]) -> list:
    """A serialized row as CSV cells, in the columns' order."""
    return [_value(row, column.key.split(".")) for column in columns]


def _value(data, path: list[str]):
    if isinstance(data, list):
        values = [_value(item, path) for item in data]
        return JOIN.join("" if v is None else str(v) for v in values)
    if not path:
        return data
    value = data.get(path[0]) if isinstance(data, dict) else None
    if value is None:
        return None
    return _value(value, path[1:])


@cache
def _registry() -> dict[str, Dataset]:
    found = {}
    for module in app_modules("datasets"):
        for dataset in getattr(module, "DATASETS", ()):
            found[dataset.slug] = dataset
    return found


def all_datasets() -> list[Dataset]:
    return list(_registry().values())


def get_dataset(slug: str) -> Dataset | None:
    return _registry().get(slug)
