"""Idempotent loading of reference rows: create what is missing, update what differs."""

from dataclasses import dataclass

from django.db import models


@dataclass
class Outcome:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _is_empty(value) -> bool:
    return value in (None, "", []) or (hasattr(value, "__len__") and len(value) == 0)


def _needs_write(current, wanted, overwrite: bool) -> bool:
    if current == wanted:
        return False
    return overwrite or (_is_empty(current) and not _is_empty(wanted))


def sync(
    model: type[models.Model],
    rows: list[models.Model],
    *,
    key: str,
    fields: list[str],
    overwrite: bool = True,
) -> Outcome:
    """Make the table hold ``rows``, matched on ``key``; touch only rows that differ.

    With ``overwrite=False`` a field is written only while it is empty, so
    what HQ has since edited in the admin survives every later load. Rows in
    the table but not in ``rows`` are left alone: other records may point at
    them, and HQ may have added them on purpose.
    """
    existing = model.objects.in_bulk([getattr(r, key) for r in rows], field_name=key)
    outcome = Outcome(str(model._meta.verbose_name_plural))
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(getattr(row, key))
        if current is None:
            to_create.append(row)
            continue
        stale = [f for f in fields if _needs_write(getattr(current, f), getattr(row, f), overwrite)]
        if stale:
            for f in stale:
                setattr(current, f, getattr(row, f))
            to_update.append(current)
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        names = [f.removesuffix("_id") for f in fields]
        model.objects.bulk_update(to_update, names, batch_size=500)
    outcome.created, outcome.updated = len(to_create), len(to_update)
    outcome.unchanged = len(rows) - outcome.created - outcome.updated
    return outcome
