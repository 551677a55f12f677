"""Demo accounts, one per role, created by ``manage.py load_demo_data`` with DEBUG on.

The README lists these logins. Every demo account is flagged ``is_demo`` so
that pages show the "demo data" notice to whoever uses one. The accounts that
belong to an app's records (an office's staff, a grant officer...) are made by
that app: ``accounts(outcome)`` in its ``demo_data.py``, called here after the
accounts below, with :func:`demo_account`.
"""

from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.hooks import app_modules
from reference.loading import Outcome

DEMO_PASSWORD = "clair-demo-2026"

# email, full name, language, role, admin access, superuser
DEMO_ACCOUNTS = [
    ("admin@clair-demo.test", "Demo Superuser", "en", None, True, True),
    ("hq@clair-demo.test", "Hanako Sato (HQ)", "ja", roles.HQ_STAFF, True, False),
    ("jet@clair-demo.test", "Alex Taylor (JET)", "en", roles.JET_PARTICIPANT, False, False),
]  # fmt: skip


def demo_account(
    email: str,
    full_name: str,
    language: str,
    *,
    role: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
    outcome: Outcome,
) -> tuple[User, bool]:
    """The demo account with this address, created with the demo password if missing.

    Returns ``(user, created)`` and counts it in ``outcome``; an existing account is
    left as it is (idempotent).
    """
    user = User.objects.filter(email=email).first()
    if user is not None:
        outcome.unchanged += 1
        return user, False
    user = User.objects.create_user(
        email,
        DEMO_PASSWORD,
        full_name=full_name,
        language=language,
        is_staff=is_staff,
        is_superuser=is_superuser,
        is_demo=True,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    outcome.created += 1
    return user, True


def load() -> list[Outcome]:
    outcome = Outcome("demo accounts")
    for email, name, language, role, is_staff, is_superuser in DEMO_ACCOUNTS:
        demo_account(
            email,
            name,
            language,
            role=role,
            is_staff=is_staff,
            is_superuser=is_superuser,
            outcome=outcome,
        )
    for module in app_modules("demo_data"):
        if hasattr(module, "accounts"):
            module.accounts(outcome)
    return [outcome]
