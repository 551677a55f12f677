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
# Counselling: participants and organisations' officers ask; counsellors, PAs and the
# lead (not in the standing cast: jet/tests/test_counselling*.py) answer. HQ staff,
# superusers and offices find nothing there. The consultation below is the
# participant's; an officer's own is tested in jet/tests/test_counselling.py.
ASKERS = everyone(404, anonymous=LOGIN, participant=200, org_a=200, org_b=200)
ASKER_POSTS = everyone(404, anonymous=LOGIN, participant=302, org_a=302, org_b=302)

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
    "jet:register_seminar": Row(OWN_POST, kwargs={"seminar_id": "{jet_seminar}"}, method="post"),
    "jet:cancel_seminar": Row(OWN_POST, kwargs={"seminar_id": "{jet_seminar}"}, method="post"),
    "jet:seminar_calendar": Row(OWN, kwargs={"seminar_id": "{jet_seminar}"}),
    # Calendar applications cannot sign in: the 256-bit token in the address is
    # the credential, so whoever holds it reads the feed (a revoked one is 404).
    "jet:calendar_feed": Row(everyone(200), kwargs={"token": "{jet_feed}"}),
    "jet:revoke_calendar_feed": Row(OWN_POST, method="post"),
    "jet:statistics": Row(everyone(404, anonymous=LOGIN, hq=200, superuser=200)),
    "jet:counselling": Row(ASKERS),
    "jet:new_consultation": Row(ASKERS),
    "jet:self_help": Row(ASKERS, kwargs={"topic": "{jet_help}"}),
    "jet:consultation": Row(OWN, kwargs={"consultation_id": "{jet_consultation}"}),
    # The person who asked may not take, assign or close it (a refusal, back to the page).
    "jet:take_consultation": Row(
        OWN_POST, kwargs={"consultation_id": "{jet_consultation}"}, method="post"
    ),
    "jet:assign_consultation": Row(
        everyone(404, anonymous=LOGIN),
        kwargs={"consultation_id": "{jet_consultation}"},
        method="post",
    ),
    "jet:close_consultation": Row(
        OWN_POST,
        kwargs={"consultation_id": "{jet_consultation}"},
        method="post",
        data={"outcome": "resolved"},
    ),
    "jet:rate_consultation": Row(
        OWN_POST,
        kwargs={"consultation_id": "{jet_consultation}"},
        method="post",
        data={"rating": 5},
    ),
    "jet:counselling_statistics": Row(everyone(404, anonymous=LOGIN)),
    "jet:counselling_readings": Row(everyone(404, anonymous=LOGIN)),  # the lead's alone
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
    open_seminar = factories.seminar(registration=True, capacity=10)
    from jet.counselling import services as counselling

    consultation = counselling.open_consultation(
        cast.participant, topic="work", urgency="normal", contact="portal", body="About my school."
    )
    from jet.models import SelfHelpPage

    help_page = SelfHelpPage.objects.create(
        topic="housing", title="Housing", body="Read your lease."
    )
    return {
        "jet_consultation": consultation,
        "jet_help": help_page,
        "jet_seminar": open_seminar,
        "jet_placement": placement,
        "jet_reappointment": reappointment,
        "jet_feed": factories.feed(participant),
    }
