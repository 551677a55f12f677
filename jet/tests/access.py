from clair_portal.testing.access import LOGIN, Row, everyone

# The invitation link is opened before its owner can sign in; the token in it
# is the credential, and jet/tests/test_portal.py tests a wrong or used one.
PUBLIC = {"jet:invitation"}

OWN = everyone(404, anonymous=LOGIN, participant=200)
OWN_POST = everyone(404, anonymous=LOGIN, participant=302)
# The contracting organisation's pages: every officer has their own (Sapporo's lists are
# empty); the reappointment below is Nagasaki's (its placement is with Nagasaki City).
OFFICERS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)
NAGASAKI = everyone(404, anonymous=LOGIN, org_a=200)

MATRIX = {
    "jet:home": Row(OWN),
    "jet:placement": Row(OWN, kwargs={"placement_id": "{jet_placement}"}),
    # The answer is shown to check first (200); test_reappointment_change.py confirms it.
    "jet:decide_reappointment": Row(
        OWN,
        kwargs={"reappointment_id": "{jet_reappointment}"},
        method="post",
        data={"decision": "consent"},
    ),
    "jet:seminars": Row(OWN),
    # Calendar applications cannot sign in: the 256-bit token in the address is
    # the credential, so whoever holds it reads the feed (a revoked one is 404).
    "jet:calendar_feed": Row(everyone(200), kwargs={"token": "{jet_feed}"}),
    "jet:revoke_calendar_feed": Row(OWN_POST, method="post"),
    "jet:statistics": Row(everyone(404, anonymous=LOGIN, hq=200, superuser=200)),
    "jet:organisation_placements": Row(OFFICERS),
    "jet:organisation_reappointments": Row(OFFICERS),
    "jet:organisation_reappointment": Row(
        NAGASAKI, kwargs={"reappointment_id": "{jet_reappointment}"}
    ),
}


def objects(cast):
    from datetime import timedelta

    from django.utils import timezone

    from jet.models import Reappointment
    from jet.tests import factories

    participant = factories.participant(user=cast.participant)
    placement = factories.placement(participant, state="published")
    reappointment = Reappointment.objects.create(
        placement=placement, deadline=timezone.localdate() + timedelta(days=30)
    )
    factories.seminar()
    return {
        "jet_placement": placement,
        "jet_reappointment": reappointment,
        "jet_feed": factories.feed(participant),
    }
