"""Settings of the portal processes the fault suite starts: production-like, mail kept in memory.

DEBUG is off (the environment says so), as in production, so error pages are
the portal's own; static files are served unhashed, without a collectstatic.
"""

from clair_portal.testing.worker_settings import *  # noqa: F403
from clair_portal.testing.worker_settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
