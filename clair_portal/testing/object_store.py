"""A real S3-compatible server for tests: moto's server mode, on a loopback port.

``object_store`` starts the server (once per test session), gives each test an
empty bucket of its own, and points the portal's ``default`` storage at it
through ``STORAGE_URL``'s parser, as production's settings do. Registered in the
root conftest (``pytest_plugins``).
"""

import secrets
from dataclasses import dataclass

import pytest

from clair_portal.storage import default_storage_from_url


@dataclass
class ObjectStore:
    client: object
    bucket: str
    url: str

    def names(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, name: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=name)["Body"].read()


@pytest.fixture(scope="session")
def object_store_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield "{}:{}".format(*server.get_host_and_port())
    finally:
        server.stop()


@pytest.fixture
def object_store(object_store_endpoint, settings):
    import boto3

    bucket = f"clair-test-{secrets.token_hex(4)}"
    client = boto3.client(
        "s3",
        endpoint_url=f"http://{object_store_endpoint}",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    url = f"s3://test-key:test-secret@{object_store_endpoint}/{bucket}?secure=false"
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_url(url)}
    return ObjectStore(client, bucket, url)
