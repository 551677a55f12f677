"""Every URL of the portal is either public on purpose or in the access matrix.

Zulip's idea: a test walks every URL pattern, so a new page cannot ship
without someone deciding who may see it. The matrix is data: URL x role x
expected outcome. An object of another party answers 404, exactly like a
missing one; a page that needs a login redirects to it.

To add a URL: put its name in PUBLIC (anyone, no login, nothing private), or
give it a row in MATRIX with the outcome for every role in conftest.ROLES.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from conftest import ROLES

# Outcomes
LOGIN = "login"  # redirect to the portal's log-in page
ADMIN_LOGIN = "admin-login"  # redirect to the admin's log-in page

PUBLIC = {
    "healthz",
    "set_language",
    "home",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "offices:directory",
    # The read-only public API: public fields only (tests/test_api.py).
    "api:api-root",
    "api:office-list",
    "api:office-detail",
    "api:schema",
}

# The admin wraps every one of its views in admin_site.admin_view (staff only);
# ADMIN_MODELS below checks each registered model's pages for every role.
COVERED_NAMESPACES = {"admin"}


@dataclass
class Row:
    """Who gets what at one URL. ``kwargs`` and ``method`` say how to call it."""

    outcomes: dict[str, object]
    kwargs: dict[str, str] = field(default_factory=dict)
    method: str = "get"
    data: dict = field(default_factory=dict)


def everyone(outcome, **overrides):
    return {role: overrides.get(role, outcome) for role in ROLES}


SIGNED_IN = everyone(200, anonymous=LOGIN)
STAFF_REPORTS = everyone(200, anonymous=LOGIN, participant=404)

MATRIX: dict[str, Row] = {
    "accounts:account": Row(SIGNED_IN),
    "accounts:logout": Row(everyone(302), method="post"),
    "accounts:password_change": Row(SIGNED_IN),
    "accounts:password_change_done": Row(SIGNED_IN),
    # Jobs: the job below belongs to office_a; everyone else gets 404.
    "jobs:list": Row(SIGNED_IN),
    "jobs:kinds": Row(SIGNED_IN),
    "jobs:request": Row(STAFF_REPORTS, kwargs={"kind": "office-directory-csv"}),
    "jobs:detail": Row(everyone(404, anonymous=LOGIN, office_a=200), kwargs={"job_id": "{job}"}),
    "jobs:status": Row(everyone(404, anonymous=LOGIN, office_a=200), kwargs={"job_id": "{job}"}),
    "jobs:download": Row(everyone(404, anonymous=LOGIN, office_a=200), kwargs={"job_id": "{job}"}),
    # Notifications: the notification below is office_a's.
    "notifications:inbox": Row(SIGNED_IN),
    "notifications:mark_read": Row(
        everyone(404, anonymous=LOGIN, office_a=302),
        kwargs={"notification_id": "{notification}"},
        method="post",
    ),
    "notifications:mark_all_read": Row(everyone(302, anonymous=LOGIN), method="post"),
}


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
                f"{name} ({route}) is neither in PUBLIC nor in MATRIX of "
                "tests/test_access_inventory.py: add it to one, with an outcome for every role"
            )
    return problems


def test_every_url_is_public_on_purpose_or_in_the_access_matrix():
    assert unlisted(get_resolver().url_patterns) == []


def test_the_inventory_fails_on_an_unlisted_url():
    from django.urls import path

    sneaky = [*get_resolver().url_patterns, path("sneaky/", lambda r: None, name="sneaky")]
    problems = unlisted(sneaky)
    assert len(problems) == 1
    assert "sneaky (sneaky/) is neither in PUBLIC nor in MATRIX" in problems[0]
    anonymous = [*get_resolver().url_patterns, path("nameless/", lambda r: None)]
    assert unlisted(anonymous) == ["'nameless/' has no name: name it, then list it"]


def test_matrix_rows_name_real_urls_and_every_role():
    names = {name for _, name, _ in walk(get_resolver().url_patterns)}
    for name, row in MATRIX.items():
        assert name in names, f"{name} is in MATRIX but no longer a URL"
        assert set(row.outcomes) == set(ROLES), f"{name} lacks outcomes for some roles"
    assert not PUBLIC & set(MATRIX)


@pytest.fixture
def world(cast, django_capture_on_commit_callbacks):
    """Objects owned by office_a, for rows that point at someone's object."""
    from clair_portal.jobs.services import request_job
    from clair_portal.notifications.services import notify

    with django_capture_on_commit_callbacks(execute=True):
        job = request_job(cast.office_a, "office-directory-csv")
        notification = notify(
            cast.office_a, event_key="inventory-test", subject="Subject", body="Body"
        )
    job.refresh_from_db()
    assert job.state == "succeeded"
    return {"job": job.pk, "notification": notification.pk}


def assert_outcome(response, expected, role, url):
    where = f"{role} at {url}"
    if expected == LOGIN:
        assert response.status_code == 302, where
        assert response["Location"].startswith("/en/accounts/login/"), where
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302, where
        assert response["Location"].startswith("/admin/login/"), where
    else:
        assert response.status_code == expected, f"{where}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(client, cast, world, name):
    row = MATRIX[name]
    kwargs = {k: v.format(**world) for k, v in row.kwargs.items()}
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
    for role in ROLES:
        client.logout()
        user = cast.by_role(role)
        if user is not None:
            client.force_login(user)
        response = getattr(client, row.method)(url, row.data)
        assert_outcome(response, row.outcomes[role], role, url)


# --- The admin -------------------------------------------------------------------

ADMIN_OUTCOMES = everyone(
    200, anonymous=ADMIN_LOGIN, participant=ADMIN_LOGIN, office_a=ADMIN_LOGIN, office_b=ADMIN_LOGIN
)
# HQ staff manage the portal's records; the scheduler's and a few framework
# tables are for the superuser alone.
HQ_APP_LABELS = {
    "accounts",
    "jobs",
    "notifications",
    "reference",
    "offices",
    "axes",
}


def admin_changelists():
    return sorted(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    )


@pytest.mark.parametrize("name", admin_changelists())
def test_admin_pages_are_for_staff_with_permission(client, cast, name):
    app_label = name.split(":")[1].split("_")[0]
    url = reverse(name)
    for role in ROLES:
        client.logout()
        if cast.by_role(role):
            client.force_login(cast.by_role(role))
        expected = ADMIN_OUTCOMES[role]
        if role == "hq" and app_label not in HQ_APP_LABELS:
            expected = 403
        assert_outcome(client.get(url), expected, role, url)
