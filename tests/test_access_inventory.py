"""Every URL of the portal is either public on purpose or in the access matrix.

Zulip's idea: a test walks every URL pattern, so that a new page cannot ship
without someone deciding who may see it. The matrix is data, kept by each
app in ``<app>/tests/access.py`` (see clair_portal/testing/access.py): URL x
role x expected outcome. An object of another party answers 404, exactly
like a missing one; a page that needs a login redirects to it.
"""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import translation

from clair_portal.testing.access import ADMIN_LOGIN, LOGIN, ROLES, everyone

# The admin wraps every one of its views in admin_site.admin_view (staff
# only); test_admin_pages_are_for_staff_with_permission checks each
# registered model's pages for every role.
COVERED_NAMESPACES = {"admin"}


def access_modules():
    base = Path(settings.BASE_DIR).resolve()
    modules = []
    for config in apps.get_app_configs():
        if not (Path(config.path) / "tests" / "access.py").is_file():
            continue
        if Path(config.path).resolve().is_relative_to(base):
            modules.append(import_module(f"{config.name}.tests.access"))
    return modules


MODULES = access_modules()
PUBLIC = set().union(*(m.PUBLIC for m in MODULES))
MATRIX = {name: row for m in MODULES for name, row in m.MATRIX.items()}


def walk(patterns, prefix="", namespace=None):
    """Yield (namespace, qualified name, route) for every pattern under ``patterns``."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if namespace and entry.namespace:
                ns = f"{namespace}:{entry.namespace}"
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield namespace, name, prefix + str(entry.pattern)


def unlisted(patterns) -> list[str]:
    problems = []
    for namespace, name, route in walk(patterns):
        if namespace and namespace.split(":")[0] in COVERED_NAMESPACES:
            continue
        if name is None:
            problems.append(f"{route!r} has no name: name it, then list it")
        elif name not in PUBLIC and name not in MATRIX:
            problems.append(
                f"{name} ({route}) is neither in PUBLIC nor in MATRIX: add it to its app's "
                "tests/access.py, with an outcome for every role"
            )
    return problems


def test_every_url_is_public_on_purpose_or_in_the_access_matrix():
    assert unlisted(get_resolver().url_patterns) == []


def test_the_inventory_fails_on_an_unlisted_url():
    sneaky = [*get_resolver().url_patterns, path("sneaky/", lambda r: None, name="sneaky")]
    problems = unlisted(sneaky)
    assert len(problems) == 1
    assert "sneaky (sneaky/) is neither in PUBLIC nor in MATRIX" in problems[0]
    nameless = [*get_resolver().url_patterns, path("nameless/", lambda r: None)]
    assert unlisted(nameless) == ["'nameless/' has no name: name it, then list it"]


def test_matrix_rows_name_real_urls_and_every_role():
    names = {name for _, name, _ in walk(get_resolver().url_patterns)}
    for name, row in MATRIX.items():
        assert name in names, f"{name} is in MATRIX but no longer a URL"
        assert set(row.outcomes) == set(ROLES), f"{name} lacks outcomes for some roles"
    assert not PUBLIC & set(MATRIX)
    assert not PUBLIC - names, f"{PUBLIC - names} are PUBLIC but no longer URLs"


@pytest.fixture
def world(cast, django_capture_on_commit_callbacks):
    """The objects every app's rows point at, with their work after commit done."""
    created = {}
    with django_capture_on_commit_callbacks(execute=True):
        for module in MODULES:
            if hasattr(module, "objects"):
                created.update(module.objects(cast))
    return {key: obj.pk for key, obj in created.items()}


def assert_outcome(response, expected, role, url):
    where = f"{role} at {url}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}"
        assert response["Location"].startswith("/en/accounts/login/"), where
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}"
        assert response["Location"].startswith("/admin/login/"), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


def test_access_matrix(client, cast, world):
    """One world, every row, every role: failures name the URL and the role."""
    failures = []
    for number, (name, row) in enumerate(sorted(MATRIX.items())):
        kwargs = {k: v.format(**world) for k, v in row.kwargs.items()}
        with translation.override("en"):
            url = reverse(name, kwargs=kwargs)
        # Each URL from its own address: the public rate limits (tested in
        # test_guards_abuse) would otherwise refuse the walk's later anonymous posts.
        address = f"198.51.{100 + number // 250}.{number % 250 + 1}"
        for role in ROLES:
            client.logout()
            user = cast.by_role(role)
            if user is not None:
                client.force_login(user)
            response = getattr(client, row.method)(url, row.data, REMOTE_ADDR=address)
            try:
                assert_outcome(response, row.outcomes[role], role, url)
            except AssertionError as error:
                failures.append(f"{name}: {error}")
    assert failures == []


# --- The admin -------------------------------------------------------------------

ADMIN_OUTCOMES = everyone(
    200,
    **dict.fromkeys(
        ("anonymous", "participant", "office_a", "office_b", "org_a", "org_b"), ADMIN_LOGIN
    ),
)


def admin_changelists():
    return sorted(
        (f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist", m._meta.app_label)
        for m in admin.site._registry
    )


def test_admin_pages_are_for_staff_with_permission(client, cast):
    """HQ staff manage the portal's records; framework tables are the superuser's alone."""
    from clair_portal.accounts.signals import HQ_APP_LABELS

    failures = []
    for name, app_label in admin_changelists():
        url = reverse(name)
        for role in ROLES:
            client.logout()
            if cast.by_role(role):
                client.force_login(cast.by_role(role))
            expected = ADMIN_OUTCOMES[role]
            if role == "hq" and app_label not in HQ_APP_LABELS:
                expected = 403
            try:
                assert_outcome(client.get(url), expected, role, url)
            except AssertionError as error:
                failures.append(str(error))
    assert failures == []
