"""A prefecture's officer sees its municipalities' partnership-survey answers, to chase them;
a city's officer, and a prefecture for another's municipalities, see nothing."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from clair_portal.accounts import roles
from clair_portal.organisations.models import Organisation
from clair_portal.organisations.services import enrol
from conftest import make_user
from reference.models import LocalGovernment
from sistercities import surveys
from sistercities.models import SurveyInvitation
from sistercities.tests import factories

pytestmark = pytest.mark.django_db

NAGASAKI_PREFECTURE = "420000"
URL = "/en/sister-cities/my-municipalities/survey/"


def prefecture_officer(code=NAGASAKI_PREFECTURE, email="kokusai@pref.nagasaki.example.jp"):
    user = make_user(email, language="ja")
    user.groups.add(Group.objects.get(name=roles.ORGANISATION_OFFICER))
    enrol(user, Organisation.objects.of_local_government(code))
    return user


@pytest.fixture
def survey(cast):
    """Nagasaki City and two towns of Nagasaki Prefecture invited; Nagasaki City answered."""
    for n, code in enumerate(("422011", "423076", "423084", "011002")):
        factories.affiliation(code, partner=factories.foreign(name=f"Partner {n}"))
        factories.contact(code)
    opened = factories.open_survey(cast.hq)
    invitation = opened.invitations.get(local_government_id="422011")
    surveys.submit_answers(invitation, {})
    return opened


def test_the_prefecture_sees_each_municipality_with_its_status(client, cast, survey):
    SurveyInvitation.objects.filter(survey=survey).update(sent_at=timezone.now())
    client.force_login(prefecture_officer())
    page = client.get(URL).content.decode()
    municipalities = LocalGovernment.objects.filter(prefecture_id=NAGASAKI_PREFECTURE).count()
    assert (
        f"1 of the 3 municipalities invited have answered ({municipalities} municipalities in all)"
        in page
    )
    assert "Nagasaki City" in page and "Sapporo" not in page
    assert "survey@423076.example.jp" in page  # whom to chase
    answered = client.get(f"{URL}?status=answered").content.decode()
    assert "Nagasaki City" in answered and "survey@423076.example.jp" not in answered
    waiting = client.get(f"{URL}?status=not_yet").content.decode()
    assert "Nagasaki City" not in waiting and "survey@423076.example.jp" in waiting
    assert "survey@423084.example.jp" in waiting
    not_invited = client.get(f"{URL}?status=not_invited&page=1").content.decode()
    assert "survey@423076.example.jp" not in not_invited and "Nagasaki City" not in not_invited


def test_the_home_of_a_prefecture_counts_its_municipalities_answers(client, cast, survey):
    client.force_login(prefecture_officer())
    home = client.get("/ja/my-organisation/").content.decode()
    assert URL.replace("/en/", "/ja/") in home
    client.force_login(cast.org_a)
    assert URL.replace("/en/", "/ja/") not in client.get("/ja/my-organisation/").content.decode()


def test_a_bad_filter_is_refused_with_a_message(client, cast, survey):
    client.force_login(prefecture_officer())
    response = client.get(f"{URL}?status=everything&year=1800")
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_a_city_or_another_prefecture_sees_nothing_of_it(client, cast, survey):
    client.force_login(cast.org_a)
    assert client.get(URL).status_code == 404
    client.force_login(prefecture_officer("010006", "kokusai@pref.hokkaido.example.jp"))
    page = client.get(URL).content.decode()
    assert "Nagasaki" not in page and "423076" not in page
    assert "Sapporo City" in page


def test_the_list_pins_its_queries(client, cast, survey, django_assert_max_num_queries):
    client.force_login(prefecture_officer())
    # session, user, roles, membership with its organisation and prefecture, the
    # surveys, count, the page (municipalities, invitations and contacts), the totals;
    # the layout's inbox count
    with django_assert_max_num_queries(10):
        page = client.get(f"{URL}?page=2").content.decode()
    assert page.count("<tr>") == 1 + 1  # the header and the 21st (and last) municipality
