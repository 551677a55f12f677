"""An upload kept between an import's preview and its confirmation.

The preview saves the uploaded file through Django's storage API under a
name the server makes up (``tabular/imports/<user id>/<random>``) and puts
a random key for it in the uploader's session. The confirm step names only
that key: it finds a file only if this user's session holds the key, so no
form can make the server read or delete a file of its choosing. A key is
used once; files left behind by previews never confirmed are deleted by
``purge_stale`` (daily, from beat).
"""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

PREFIX = "tabular/imports"
SESSION_KEY = "tabular_imports"
# A preview waits this long for its confirmation.
KEEP_SECONDS = 60 * 60


@dataclass(frozen=True)
class Kept:
    name: str  # in the storage
    filename: str  # as the user uploaded it

    def open(self):
        return default_storage.open(self.name, "rb")

    def delete(self) -> None:
        default_storage.delete(self.name)


def keep(request, uploaded) -> str:
    """Store ``uploaded`` for this user; returns the key that finds it again."""
    held = _forget_expired(request)
    key = secrets.token_urlsafe(16)
    uploaded.seek(0)
    name = default_storage.save(f"{PREFIX}/{request.user.pk}/{key}", uploaded)
    held[key] = {"name": name, "filename": uploaded.name, "at": time.time()}
    request.session[SESSION_KEY] = held
    return key


def take(request, key) -> Kept | None:
    """The upload ``key`` names in this user's session, now forgotten there; None if none."""
    held = _forget_expired(request)
    entry = held.pop(key, None) if isinstance(key, str) else None
    request.session[SESSION_KEY] = held
    if entry is None:
        return None
    name = entry["name"]
    # The session is the user's own; the folder is checked all the same.
    if not name.startswith(f"{PREFIX}/{request.user.pk}/") or not default_storage.exists(name):
        return None
    return Kept(name=name, filename=entry["filename"])


def _forget_expired(request) -> dict:
    held = dict(request.session.get(SESSION_KEY, {}))
    cutoff = time.time() - KEEP_SECONDS
    for key, entry in list(held.items()):
        if entry.get("at", 0) < cutoff:
            default_storage.delete(entry["name"])
            del held[key]
    return held


def purge_stale(now=None) -> int:
    """Delete kept uploads older than a day (previews never confirmed); returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    if not default_storage.exists(PREFIX):
        return 0
    purged = 0
    folders, _files = default_storage.listdir(PREFIX)
    for folder in folders:
        _subfolders, files = default_storage.listdir(f"{PREFIX}/{folder}")
        for name in files:
            path = f"{PREFIX}/{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                purged += 1
    return purged
