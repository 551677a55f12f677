"""The demo officer of a local government: nagasaki@clair-demo.test acts for Nagasaki City."""

from clair_portal.accounts import roles
from clair_portal.demo import demo_account
from clair_portal.organisations.models import Organisation
from clair_portal.organisations.services import enrol

NAGASAKI_CITY = "422011"


def accounts(outcome) -> None:
    user, _created = demo_account(
        "nagasaki@clair-demo.test",
        "長崎 市子 (Nagasaki City)",
        "ja",
        role=roles.ORGANISATION_OFFICER,
        outcome=outcome,
    )
    enrol(user, Organisation.objects.of_local_government(NAGASAKI_CITY), department="国際課")


def load() -> list:
    """No demo records of the core's own: the apps' demo data hang off the organisation."""
    return []
