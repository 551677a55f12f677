"""The counselling team beside the standing cast: counsellors, the lead and two PAs."""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from conftest import make_user
from jet.models import COUNSELLING_LEAD, COUNSELLORS, PrefecturalAdvisor
from jet.tests import factories

NAGASAKI = "420000"
HOKKAIDO = "010006"


@dataclass
class Team:
    counsellor: object
    colleague: object  # another counsellor
    lead: object
    pa: object  # Nagasaki's PA
    other_pa: object  # Hokkaido's PA
    participant: object  # the cast's participant's record, placed in Nagasaki City
    second: object  # another participant's record (and account), also in Nagasaki


def counsellor(email, *, lead=False):
    user = make_user(email, full_name=email.split("@")[0].title())
    user.groups.add(Group.objects.get(name=COUNSELLING_LEAD if lead else COUNSELLORS))
    return user


def advisor(email, prefecture):
    from clair_portal.accounts.roles import JET_PARTICIPANT
    from conftest import make_user as make

    user = make(email, role=JET_PARTICIPANT, full_name=f"PA {prefecture}")
    PrefecturalAdvisor.objects.create(
        user=user, prefecture_id=prefecture, name=f"PA {prefecture}", email=email
    )
    return user


def build_team(cast) -> Team:
    from clair_portal.accounts.roles import JET_PARTICIPANT

    record = factories.participant(user=cast.participant, family_name="Secretname")
    factories.placement(record, state="published")
    other_user = make_user("second@example.org", role=JET_PARTICIPANT)
    second = factories.participant(user=other_user)
    factories.placement(second, state="published")
    return Team(
        counsellor=counsellor("counsellor@example.org"),
        colleague=counsellor("colleague@example.org"),
        lead=counsellor("lead@example.org", lead=True),
        pa=advisor("pa@example.org", NAGASAKI),
        other_pa=advisor("pa.hokkaido@example.org", HOKKAIDO),
        participant=record,
        second=second,
    )
