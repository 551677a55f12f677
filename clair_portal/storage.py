"""Where uploaded and generated files live: the file system, or an S3-compatible store.

``STORAGE_URL`` unset: Django's ``FileSystemStorage`` under ``MEDIA_ROOT``, as on one
machine. Set, e.g. ``s3://KEY:SECRET@minio:9000/clair-portal?secure=false``: the
``default`` storage is django-storages' ``S3Storage`` on that bucket, so every web
and worker process, on any machine, reads and writes the same files. Files are
private in both cases: nothing is served from the store directly; the portal's
views check who is asking and stream the file (``attachment_response``).

Code never builds a path on disk for a stored file; it goes through
``default_storage`` (``save``, ``open``, ``exists``, ``delete``). Work files that
only one process reads while writing them (a report being written) stay on the
local disk and are saved to the store once whole (``save_local``).
"""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_SYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def default_storage_from_url(url: str) -> dict:
    """The ``STORAGES["default"]`` entry for ``STORAGE_URL`` (empty: the file system).

    Raises ``ValueError`` naming what is wrong; the settings turn it into a start-up error.
    """
    if not url:
        return {"BACKEND": FILE_SYSTEM_BACKEND}
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ValueError("STORAGE_URL must start with s3://")
    bucket = parts.path.strip("/")
    if not parts.hostname or not bucket or "/" in bucket:
        raise ValueError(
            "STORAGE_URL must name the server and one bucket: s3://KEY:SECRET@host/bucket"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    secure = query.pop("secure", "true").lower()
    if secure not in TRUE | FALSE:
        raise ValueError(f"STORAGE_URL secure={secure!r} is not a boolean")
    scheme = "https" if secure in TRUE else "http"
    port = f":{parts.port}" if parts.port else ""
    options = {
        "bucket_name": bucket,
        "endpoint_url": f"{scheme}://{parts.hostname}{port}",
        "access_key": unquote(parts.username or ""),
        "secret_key": unquote(parts.password or ""),
        "region_name": query.pop("region", "us-east-1"),
        # Private objects; a name already taken gets a suffix rather than overwriting.
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        # Path-style addressing works with every S3-compatible server (MinIO, Ceph, ...).
        "addressing_style": query.pop("addressing_style", "path"),
    }
    if query:
        raise ValueError(f"STORAGE_URL has unknown options: {', '.join(sorted(query))}")
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def save_local(name: str, path: Path) -> str:
    """Save the local file ``path`` to the default storage as ``name``; the name it got."""
    from django.core.files import File
    from django.core.files.storage import default_storage

    with open(path, "rb") as local:
        return default_storage.save(name, File(local, name=Path(name).name))
