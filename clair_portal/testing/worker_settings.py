"""Settings for a Celery worker started by a test: the portal's, with mail kept in memory.

Without this the worker would write the test's e-mails under ``.data/mail``. With
``CLAIR_TEST_MAIL_DIR`` set, the worker records what it sends there instead, for the
test to read (``clair_portal.testing.mail``). The worker reads its queues under the
broker key prefix of the test process that started it
(clair_portal/testing/isolation.py), so two test processes never take each other's tasks.
"""

import os

from clair_portal.settings import *  # noqa: F403
from clair_portal.settings import CELERY_BROKER_TRANSPORT_OPTIONS

EMAIL_BACKEND = (
    "clair_portal.testing.mail.RecordingBackend"
    if os.environ.get("CLAIR_TEST_MAIL_DIR")
    else "django.core.mail.backends.locmem.EmailBackend"
)

if os.environ.get("CLAIR_TEST_BROKER_PREFIX"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": os.environ["CLAIR_TEST_BROKER_PREFIX"],
    }
