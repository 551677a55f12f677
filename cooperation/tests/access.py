"""The cooperation app's rows of the portal's access matrix (tests/test_access_inventory.py).

The request and its dispatch come from a British local government, entered by
London's staff (office A); Paris (office B) must not see them. Specialists'
profiles and LGOTP trainees are HQ's; the cooperation app's own test
(test_access.py) adds the specialists and HQ's cooperation staff.
"""

from clair_portal.testing.access import LOGIN, Row, everyone

PUBLIC = set()

HQ_ONLY = everyone(404, anonymous=LOGIN, hq=200, superuser=200)
HQ_AND_OFFICES = everyone(200, anonymous=LOGIN, participant=404, org_a=404, org_b=404)
HQ_AND_LONDON = everyone(404, anonymous=LOGIN, office_a=200, hq=200, superuser=200)
# A refused POST redirects back to the page with a message; the refused ones look missing.
HQ_POSTS = everyone(404, anonymous=LOGIN, hq=302, superuser=302)
# Passports: HQ's cooperation staff only; the standing cast's HQ member is not one of them.
PASSPORT = everyone(404, anonymous=LOGIN, superuser=200)
# A host local government's pages: each officer has their own (Sapporo's lists are
# empty, and it may answer the open survey too); the offer is Nagasaki's.
HOSTS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)
NAGASAKI = everyone(404, anonymous=LOGIN, org_a=200)

MATRIX = {
    # Staff go on to the requests; anyone else signed in reads what the section is for.
    "cooperation:index": Row(everyone(302, anonymous=LOGIN, participant=200, org_a=200, org_b=200)),
    # Only a registered specialist has a profile; nobody in the standing cast is one.
    "cooperation:my_profile": Row(everyone(404, anonymous=LOGIN)),
    "cooperation:specialist_list": Row(HQ_ONLY),
    "cooperation:specialist_detail": Row(HQ_ONLY, kwargs={"pk": "{coop_specialist}"}),
    "cooperation:specialist_deactivate": Row(
        HQ_POSTS, kwargs={"pk": "{coop_specialist}"}, method="post"
    ),
    "cooperation:request_list": Row(HQ_AND_OFFICES),
    "cooperation:request_create": Row(HQ_AND_OFFICES),
    "cooperation:request_detail": Row(HQ_AND_LONDON, kwargs={"pk": "{coop_request}"}),
    "cooperation:request_select": Row(HQ_POSTS, kwargs={"pk": "{coop_request}"}, method="post"),
    "cooperation:dispatch_list": Row(HQ_AND_OFFICES),
    "cooperation:dispatch_detail": Row(HQ_AND_LONDON, kwargs={"pk": "{coop_dispatch}"}),
    "cooperation:trainee_list": Row(HQ_ONLY),
    "cooperation:trainee_detail": Row(HQ_ONLY, kwargs={"pk": "{coop_trainee}"}),
    "cooperation:trainee_create": Row(HQ_ONLY),
    "cooperation:trainee_edit": Row(HQ_ONLY, kwargs={"pk": "{coop_trainee}"}),
    "cooperation:trainee_selection": Row(HQ_POSTS, kwargs={"pk": "{coop_trainee}"}, method="post"),
    "cooperation:trainee_passport": Row(PASSPORT, kwargs={"pk": "{coop_trainee}"}),
    "cooperation:programme_list": Row(HQ_ONLY),
    "cooperation:offer_list": Row(HQ_ONLY, kwargs={"year": "{coop_year}"}),
    "cooperation:offer_create": Row(HQ_ONLY, kwargs={"year": "{coop_year}"}),
    "cooperation:offer_edit": Row(HQ_ONLY, kwargs={"pk": "{coop_offer}"}),
    "cooperation:statistics": Row(HQ_ONLY, kwargs={"year": "{coop_year}"}),
    "cooperation:host_home": Row(HOSTS),
    "cooperation:host_trainees": Row(HOSTS),
    "cooperation:host_offer_create": Row(HOSTS, kwargs={"year": "{coop_survey_year}"}),
    "cooperation:host_offer_edit": Row(NAGASAKI, kwargs={"pk": "{coop_offer}"}),
}


class _Year:
    """``objects`` returns things with a ``pk``; the statistics URL wants the fiscal year."""

    def __init__(self, year):
        self.pk = year


def objects(cast):
    from datetime import timedelta

    from django.utils import timezone

    from cooperation import services
    from cooperation.models import Programme
    from cooperation.tests import factories

    specialist = factories.specialist("registry.member@example.org")
    request = factories.dispatch_request(cast.office_a)
    earlier = factories.dispatch_request(cast.office_a)
    dispatch = services.select_specialist(earlier, specialist, by=cast.hq)
    trainee = factories.trainee()
    offer = factories.offer()  # Nagasaki City's
    today = timezone.localdate()
    survey = Programme.objects.create(
        fiscal_year=2030,
        survey_opens_on=today - timedelta(days=7),
        survey_closes_on=today + timedelta(days=30),
    )
    return {
        "coop_survey_year": _Year(survey.fiscal_year),
        "coop_offer": offer,
        "coop_specialist": specialist,
        "coop_request": request,
        "coop_dispatch": dispatch,
        "coop_trainee": trainee,
        "coop_year": _Year(trainee.programme.fiscal_year),
    }
