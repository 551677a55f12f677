"""The vocabulary of the access matrix (tests/test_access_inventory.py).

Each app that has URLs keeps its rows in ``<app>/tests/access.py``:

- ``PUBLIC``: URL names anyone may open without logging in, holding nothing private;
- ``MATRIX``: URL name -> ``Row`` with the outcome for every role in conftest.ROLES;
- ``objects(cast)`` (optional): creates the objects the rows point at and returns
  ``{"placeholder": pk}`` for ``Row.kwargs`` such as ``{"job_id": "{job}"}``.

Objects belong to ``cast.office_a`` (or to the participant), so that every
other party's outcome is 404, exactly like a missing object.
"""

from dataclasses import dataclass, field

# org_a is an officer of Nagasaki City, org_b of Sapporo City (conftest.Cast).
ROLES = ["anonymous", "participant", "office_a", "office_b", "org_a", "org_b", "hq", "superuser"]

LOGIN = "login"  # a redirect to the portal's log-in page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's log-in page


@dataclass
class Row:
    outcomes: dict[str, object]
    kwargs: dict[str, str] = field(default_factory=dict)
    method: str = "get"
    data: dict = field(default_factory=dict)


def everyone(outcome, **overrides) -> dict[str, object]:
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    return {role: overrides.get(role, outcome) for role in ROLES}


SIGNED_IN = everyone(200, anonymous=LOGIN)
