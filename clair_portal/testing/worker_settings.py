"""Settings for a Celery worker started by a test: the portal's, with mail kept in memory.

Without this the worker would write the test's e-mails under ``.data/mail``.
"""

from clair_portal.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
