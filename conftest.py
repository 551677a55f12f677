"""Fixtures shared by every app's tests: the standing cast and the reference data.

The cast follows healthchecks' alice/bob/charlie: one user per role the
portal knows, so that permission tables can be written as data.
"""

import pytest
from celery.result import allow_join_result
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from clair_portal.accounts import roles
from clair_portal.celery import app as celery_app
from clair_portal.testing import isolation, reference
from clair_portal.testing.access import ROLES  # noqa: F401  (one list of roles, re-exported)

pytest_plugins = ["clair_portal.testing.worker", "clair_portal.testing.object_store"]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test asks for a real worker."""
    eager = "worker" not in request.keywords
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = eager
    # Celery keeps "a task is running here, so joining a result would block" in one
    # process-wide flag, set and restored around every eager task. Two threads running
    # eager tasks at once (the send-once race tests) can restore it in the wrong order and
    # leave it set, so that a later test's `.delay().get()` is refused as if it ran inside a
    # task. Each test starts with it clear.
    with allow_join_result():
        yield
    celery_app.conf.task_always_eager = previous


def pytest_addoption(parser):
    parser.addoption(
        "--write-catalogues",
        action="store_true",
        help="rewrite locale/community.pot from the public pages and add new strings to "
        "the community languages' catalogues (make community-messages)",
    )


def pytest_configure(config):
    # Before anything touches the cache or Celery: this process's own Redis keys.
    isolation.configure(django_settings)


@pytest.fixture(scope="session", autouse=True)
def _isolated_redis():
    isolation.check(cache, celery_app)


@pytest.fixture(autouse=True)
def _clean_cache(_isolated_redis):
    """Each test starts with an empty cache and broker (this test process's keys only)."""
    isolation.clear(cache, celery_app)
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (English), whatever ran before it.

    A request to a /ja/ page leaves Japanese active in the test's thread. Run in one
    process in file order, the tests after such a test happened to follow one that
    switched back; in two processes (xdist) the order differs, and a test must see
    what it would see run alone.
    """
    with translation.override(django_settings.LANGUAGE_CODE):
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
    """One person per role; office A is London, office B is Paris; organisation A is
    Nagasaki City (``org_a``, its officer), organisation B Sapporo City (``org_b``).

    Most tests ask for the cast, so it is written in a few statements (the users,
    their history rows, their groups, the office and organisation memberships and
    theirs) instead of a save per row; the rows are those ``make_user`` would write.
    """

    ORGANISATIONS = {"org_a": "422011", "org_b": "011002"}  # Nagasaki City, Sapporo City

    PEOPLE = [
        # attribute, e-mail, role, office, other fields
        ("participant", "participant@example.org", roles.JET_PARTICIPANT, None,
         {"full_name": "Pat Participant"}),
        ("office_a", "london.staff@example.org", roles.OFFICE_STAFF, "london", {}),
        ("office_b", "paris.staff@example.org", roles.OFFICE_STAFF, "paris", {}),
        ("org_a", "nagasaki.officer@example.org", roles.ORGANISATION_OFFICER, None,
         {"full_name": "Nagasaki Officer", "language": "ja"}),
        ("org_b", "sapporo.officer@example.org", roles.ORGANISATION_OFFICER, None,
         {"full_name": "Sapporo Officer"}),
        ("hq", "hq.staff@example.org", roles.HQ_STAFF, None, {"is_staff": True}),
        ("superuser", "root@example.org", None, None, {"is_staff": True, "is_superuser": True}),
    ]  # fmt: skip

    def __init__(self):
        from django.contrib.auth.hashers import make_password
        from simple_history.utils import bulk_create_with_history

        from clair_portal.accounts.models import User
        from clair_portal.organisations.models import Membership, Organisation
        from offices.models import Office, OfficeMembership

        password = make_password(PASSWORD)
        users = bulk_create_with_history(
            [User(email=email, password=password, **extra) for _, email, *_, extra in self.PEOPLE],
            User,
        )
        groups = dict(Group.objects.values_list("name", "pk"))
        offices = dict(Office.objects.values_list("code", "pk"))
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=groups[role])
            for user, (_, _, role, _, _) in zip(users, self.PEOPLE, strict=True)
            if role
        )
        bulk_create_with_history(
            [
                OfficeMembership(user=user, office_id=offices[office])
                for user, (_, _, _, office, _) in zip(users, self.PEOPLE, strict=True)
                if office
            ],
            OfficeMembership,
        )
        for user, (attribute, *_) in zip(users, self.PEOPLE, strict=True):
            setattr(self, attribute, user)
        memberships = []
        for attribute, code in self.ORGANISATIONS.items():
            organisation = Organisation.objects.of_local_government(code)
            setattr(self, f"{attribute}_organisation", organisation)
            memberships.append(Membership(user=getattr(self, attribute), organisation=organisation))
        bulk_create_with_history(memberships, Membership)

    def by_role(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(reference_data):
    return Cast()
