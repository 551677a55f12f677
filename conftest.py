"""Fixtures shared by every app's tests: the standing cast and the reference data.

The cast follows healthchecks' alice/bob/charlie: one user per role the
portal knows, so that permission tables can be written as data.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from clair_portal.accounts import roles
from clair_portal.celery import app as celery_app
from clair_portal.testing import reference
from clair_portal.testing.access import ROLES  # noqa: F401  (one list of roles, re-exported)

pytest_plugins = ["clair_portal.testing.worker"]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test asks for a real worker."""
    eager = "worker" not in request.keywords
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow by design; tests check behaviour, not its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JOB_RESULTS_DIR = settings.MEDIA_ROOT / "jobs"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database (one per xdist worker) with the reference data in it, loaded once.

    See clair_portal/testing/reference.py: tests roll back what they change, and a
    ``transaction=True`` test's flush is followed by a reload, so every test starts
    with the whole reference set.
    """
    with django_db_blocker.unblock():
        reference.load()
    reference.restore_after_flush()
    yield
    reference.stop_restoring()


@pytest.fixture
def reference_data(db):
    """The real reference data: 1,788 local governments, CLAIR's offices and the rest.

    Already in the test database; this checks it is whole (one query) and reloads it,
    inside the test's transaction, only if rows went missing.
    """
    reference.ensure_present()


def make_user(email, *, role=None, office=None, **extra):
    from clair_portal.accounts.models import User
    from offices.models import Office, OfficeMembership

    user = User.objects.create_user(email, PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if office:
        OfficeMembership.objects.create(user=user, office=Office.objects.get(code=office))
    return user


class Cast:
    """One person per role; office A is London, office B is Paris."""

    def __init__(self):
        self.participant = make_user(
            "participant@example.org", role=roles.JET_PARTICIPANT, full_name="Pat Participant"
        )
        self.office_a = make_user(
            "london.staff@example.org", role=roles.OFFICE_STAFF, office="london"
        )
        self.office_b = make_user(
            "paris.staff@example.org", role=roles.OFFICE_STAFF, office="paris"
        )
        self.hq = make_user("hq.staff@example.org", role=roles.HQ_STAFF, is_staff=True)
        self.superuser = make_user("root@example.org", is_staff=True, is_superuser=True)

    def by_role(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(reference_data):
    return Cast()
