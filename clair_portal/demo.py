"""Demo accounts, one per role, created by ``manage.py load_demo_data`` with DEBUG on.

The README lists these logins. Every demo account is flagged ``is_demo`` so
that pages show the "demo data" notice to whoever uses one.
"""

from django.contrib.auth.models import Group

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from offices.models import Office, OfficeMembership
from reference.loading import Outcome

DEMO_PASSWORD = "clair-demo-2026"

# email, full name, language, role, office code, admin access, superuser
DEMO_ACCOUNTS = [
    ("admin@clair-demo.test", "Demo Superuser", "en", None, None, True, True),
    ("hq@clair-demo.test", "Hanako Sato (HQ)", "ja", roles.HQ_STAFF, "tokyo", True, False),
    ("london@clair-demo.test", "Oliver Smith (London)", "en", roles.OFFICE_STAFF, "london", False, False),
    ("paris@clair-demo.test", "Camille Martin (Paris)", "en", roles.OFFICE_STAFF, "paris", False, False),
    ("jet@clair-demo.test", "Alex Taylor (JET)", "en", roles.JET_PARTICIPANT, None, False, False),
]  # fmt: skip


def load() -> list[Outcome]:
    outcome = Outcome("demo accounts")
    offices = Office.objects.in_bulk(field_name="code")
    for email, name, language, role, office, is_staff, is_superuser in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            outcome.unchanged += 1
            continue
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            full_name=name,
            language=language,
            is_staff=is_staff,
            is_superuser=is_superuser,
            is_demo=True,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        if office and role == roles.OFFICE_STAFF:
            OfficeMembership.objects.create(user=user, office=offices[office])
        outcome.created += 1
    return [outcome]
