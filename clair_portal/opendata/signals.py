"""A save or delete of any row behind a dataset marks that dataset changed.

Bulk writes send no signal; the beat task's fingerprint catches those and marks
the dataset changed when it publishes new files.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from clair_portal.opendata.datasets import all_datasets


def connect() -> None:
    by_model: dict = {}
    for dataset in all_datasets():
        for model in dataset.models:
            by_model.setdefault(model, set()).add(dataset.slug)
    for model, slugs in by_model.items():
        receiver = _receiver(frozenset(slugs))
        uid = f"opendata-{model._meta.label}"
        if model._meta.auto_created:  # a many-to-many table
            m2m_changed.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        else:
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + "-del")


def _receiver(slugs):
    def changed(sender, **kwargs):
        if kwargs.get("raw"):  # fixtures
            return
        from clair_portal.opendata.services import touch

        transaction.on_commit(lambda: touch(slugs))

    return changed
