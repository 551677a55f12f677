"""Settings for a Celery worker started by a test: the portal's, with mail kept in memory.

Without this the worker would write the test's e-mails under ``.data/mail``. With
``CLAIR_TEST_MAIL_DIR`` set, the worker records what it sends there instead, for the
test to read (``clair_portal.testing.mail``).
"""

import os

from clair_portal.settings import *  # noqa: F403

EMAIL_BACKEND = (
    "clair_portal.testing.mail.RecordingBackend"
    if os.environ.get("CLAIR_TEST_MAIL_DIR")
    else "django.core.mail.backends.locmem.EmailBackend"
)
