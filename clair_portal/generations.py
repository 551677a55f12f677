"""Cached pages that stay right: a *generation* number that every change bumps.

A page part rendered once and shared by every visitor (the partner search's
results, the office directory) is cached under a key that contains its
generation; a change to any model the part shows bumps the generation once the
transaction commits, so the next request renders afresh and nothing has to know
which entries a change touches. Entries also expire after their own timeout, so
a deploy that changes how a part is rendered is seen within that time (and at
once when its key's format number is bumped)::

    directory = Generation("offices:directory")
    directory.watch(Office, Department, Division)  # in the app's ready()
    key = f"offices:directory:{FORMAT}:{directory.current()}:{language}"

Without Redis (``clair_portal.cache``) ``current()`` answers 1 and nothing is
found in the cache: every request renders afresh.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


class Generation:
    def __init__(self, key: str):
        self.key = f"{key}:generation"

    def current(self) -> int:
        value = cache.get(self.key)
        if value is None:
            cache.add(self.key, 1, timeout=None)
            value = cache.get(self.key, 1)
        return value

    def invalidate(self) -> None:
        """Start a new generation: every entry keyed on the old one is stale from now on."""
        try:
            cache.incr(self.key)
        except ValueError:  # no generation yet (or evicted): the next one starts fresh
            cache.add(self.key, 1, timeout=None)

    def invalidate_on_commit(self, **_signal_kwargs) -> None:
        # After commit, not before: a request between the change and the commit
        # would otherwise cache the old rows under the new generation.
        transaction.on_commit(self.invalidate)

    def watch(self, *models) -> None:
        """Bump the generation after every save or delete of these models."""
        for model in models:
            label = f"{self.key}:{model._meta.label_lower}"
            post_save.connect(self._changed, sender=model, dispatch_uid=f"{label}:save")
            post_delete.connect(self._changed, sender=model, dispatch_uid=f"{label}:delete")

    def _changed(self, **kwargs) -> None:
        self.invalidate_on_commit()
