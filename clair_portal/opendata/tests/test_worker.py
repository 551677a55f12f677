"""The beat's rebuild through a real Celery worker: files appear, and a second run writes none."""

import time

import pytest
from django.core.files.storage import default_storage

from clair_portal.opendata import services
from clair_portal.opendata.datasets import all_datasets
from clair_portal.opendata.models import DatasetFile
from clair_portal.opendata.tasks import rebuild_datasets

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 120


def wait_for_run(worker, result):
    done = f"rebuild_datasets[{result.id}] succeeded"
    deadline = time.monotonic() + WAIT_SECONDS
    while done not in worker.output():
        if time.monotonic() > deadline:
            pytest.fail(f"the rebuild never ran; worker log:\n{worker.output()}")
        time.sleep(0.2)
    return worker.output().split(done, 1)[1].split("\n", 1)[0]


def test_the_worker_builds_every_dataset_once(celery_worker_process, reference_data):
    first = wait_for_run(celery_worker_process, rebuild_datasets.delay())
    files = DatasetFile.objects.current()
    assert files.count() == 2 * len(all_datasets())
    assert all(default_storage.exists(services.storage_name(f)) for f in files)
    assert "local-governments" in first
    # Nothing changed: the second run only compares fingerprints.
    second = wait_for_run(celery_worker_process, rebuild_datasets.delay())
    assert second.strip().endswith("[]"), second
    assert DatasetFile.objects.count() == 2 * len(all_datasets())
