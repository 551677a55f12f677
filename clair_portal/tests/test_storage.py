"""Files through Django's storage API: the file system by default, an S3-compatible
object store (here moto's server) when STORAGE_URL is set."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from clair_portal.jobs.models import Job
from clair_portal.storage import FILE_SYSTEM_BACKEND, S3_BACKEND, default_storage_from_url


def test_without_a_storage_url_files_stay_on_the_file_system():
    assert default_storage_from_url("") == {"BACKEND": FILE_SYSTEM_BACKEND}


def test_a_storage_url_names_the_server_the_bucket_and_the_keys():
    storage = default_storage_from_url(
        "s3://AKIA%2Fkey:s3cr%40t@minio:9000/clair-portal?secure=false&region=ap-northeast-1"
    )
    assert storage["BACKEND"] == S3_BACKEND
    options = storage["OPTIONS"]
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["bucket_name"] == "clair-portal"
    assert (options["access_key"], options["secret_key"]) == ("AKIA/key", "s3cr@t")
    assert options["region_name"] == "ap-northeast-1"
    assert options["default_acl"] is None and options["file_overwrite"] is False
    https = default_storage_from_url("s3://k:s@objects.example.org/files")["OPTIONS"]
    assert https["endpoint_url"] == "https://objects.example.org"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://minio:9000/bucket", "must start with s3://"),
        ("s3://k:s@minio:9000/", "one bucket"),
        ("s3://k:s@minio:9000/a/b", "one bucket"),
        ("s3://k:s@minio/bucket?secure=maybe", "secure='maybe' is not a boolean"),
        ("s3://k:s@minio/bucket?colour=blue", "unknown options: colour"),
    ],
)
def test_a_bad_storage_url_is_refused_with_its_reason(url, message):
    with pytest.raises(ValueError, match=message):
        default_storage_from_url(url)


@pytest.mark.django_db
def test_a_report_is_written_to_the_object_store_and_downloaded_through_the_portal(
    object_store, cast, client, settings, django_capture_on_commit_callbacks
):
    client.force_login(cast.office_a)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process
        response = client.post(
            reverse("jobs:request", args=["office-directory-csv"]), {"language": "en"}
        )

    job = Job.objects.get()
    assert response.status_code == 302
    assert job.state == Job.State.SUCCEEDED, job.error_message
    assert object_store.names() == [f"jobs/{job.result_path}"]
    stored = object_store.read(f"jobs/{job.result_path}")
    assert "15 Whitehall, London SW1A 2DD, U.K." in stored.decode("utf-8-sig")
    # Nothing but the worker's (empty) scratch directory on the local disk.
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]

    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored
    client.force_login(cast.office_b)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404

    # Deleting the job deletes its object.
    with default_storage.open(f"jobs/{job.result_path}") as opened:
        assert opened.read() == stored
    with django_capture_on_commit_callbacks(execute=True):
        job.delete()
    assert object_store.names() == []
