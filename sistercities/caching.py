"""The partner search's form and results, rendered once and reused until the data changes.

The public asks the same questions over and over (a city's own name, its
prefecture, the United States), while affiliations change a few times a day.
Each search's result section is cached under a key built from its cleaned
filters, the page, the sort, the language and a *generation* number; its
filled-in form, which shows no data, under the filters and language alone.
Everyone asking that search gets the entry, so it is rendered from the cleaned
filters only: nothing else the first visitor sent appears in it. Any
change to an affiliation, its exchange projects, a partner or a local government bumps the generation
once the transaction commits, so the next request of every search renders
afresh; nothing has to know which cached searches a change touches. Bulk
writes that send no signals (the import) call ``invalidate_on_commit()``
themselves. Entries also expire after ``TIMEOUT`` as a safety net.
"""

import hashlib
import json

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict

GENERATION_KEY = "sistercities:search:generation"
TIMEOUT = 15 * 60
# Part of every key: bump it when the cached value's shape changes, so a deploy
# never reads what the previous release wrote. 3: sections before it could carry
# their first visitor's own query parameters in their links.
FORMAT = 3


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate() -> None:
    """Start a new generation: every cached result section is stale from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or evicted): the next one starts fresh
        cache.add(GENERATION_KEY, 1, timeout=None)


def invalidate_on_commit(**_signal_kwargs) -> None:
    # After commit, not before: a request between the change and the commit
    # would otherwise cache the old rows under the new generation.
    transaction.on_commit(invalidate)


def _filters(cleaned: dict) -> dict:
    return {k: v for k, v in cleaned.items() if v not in (None, "")}


def _digest(cleaned: dict) -> str:
    filters = json.dumps(dict(sorted(_filters(cleaned).items())), default=str)
    return hashlib.blake2b(filters.encode(), digest_size=16).hexdigest()


def query(cleaned: dict) -> QueryDict:
    """The search as a query string, from exactly what its cache key is made of.

    The cached result section links to its other pages and downloads with
    this, not with the request's own parameters: a request with an unknown or
    differently spelt parameter shares the section of its cleaned twin, and
    must not leave its spelling in links served to everyone else.
    """
    params = QueryDict(mutable=True)
    for key, value in _filters(cleaned).items():
        params[key] = str(value)
    return params


def results_key(cleaned: dict, *, sort: str, page: int, language: str) -> str:
    """The result section's key: it changes with every generation."""
    return (
        f"sistercities:results:{FORMAT}:{generation()}:{language}:{sort}:{page}:{_digest(cleaned)}"
    )


def form_key(cleaned: dict, *, language: str) -> str:
    """The filled-in form's key: the form shows no data, so it outlives generations."""
    return f"sistercities:form:{FORMAT}:{language}:{_digest(cleaned)}"


def get_many(keys: list[str]) -> dict:
    return cache.get_many(keys)


def put(key: str, value) -> None:
    cache.set(key, value, timeout=TIMEOUT)


def connect() -> None:
    """Wire the invalidation to every model the result section shows."""
    from reference.models import ForeignLocalGovernment, LocalGovernment
    from sistercities.models import Affiliation, ExchangeProject

    # A result row links its affiliation's exchange projects, so they count too.
    for model in (Affiliation, ExchangeProject, ForeignLocalGovernment, LocalGovernment):
        post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=f"sc-save-{model}")
        post_delete.connect(invalidate_on_commit, sender=model, dispatch_uid=f"sc-del-{model}")
    m2m_changed.connect(
        invalidate_on_commit, sender=Affiliation.japanese.through, dispatch_uid="sc-m2m"
    )
