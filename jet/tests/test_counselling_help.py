"""What a participant sees beside their consultations: their PAs, the hours, help per topic."""

from datetime import time

import pytest
from django.urls import reverse
from django.utils import translation

from jet.models import CounsellingHours, PrefecturalAdvisor, SelfHelpPage
from jet.tests.counselling import HOKKAIDO, NAGASAKI

pytestmark = pytest.mark.django_db


def test_a_participant_sees_their_prefectures_pas_and_the_hours(client, cast, team):
    PrefecturalAdvisor.objects.filter(prefecture_id=NAGASAKI).update(
        name="Alex Nagasaki", phone="095-000-0000"
    )
    PrefecturalAdvisor.objects.filter(prefecture_id=HOKKAIDO).update(name="Sam Hokkaido")
    PrefecturalAdvisor.objects.create(
        user=team.second.user, prefecture_id=NAGASAKI, name="Former PA", is_active=False
    )
    CounsellingHours.objects.create(
        weekday=0, opens=time(9), closes=time(17, 45), note_en="except public holidays",
        note_ja="祝日を除く",
    )  # fmt: skip
    client.force_login(cast.participant)
    text = client.get(reverse("jet:counselling")).content.decode()
    assert "Alex Nagasaki" in text and "095-000-0000" in text
    assert "Sam Hokkaido" not in text and "Former PA" not in text
    assert "Monday" in text and "09:00–17:45" in text and "except public holidays" in text
    with translation.override("ja"):
        text = client.get(reverse("jet:counselling")).content.decode()
    assert "月曜日" in text and "祝日を除く" in text


def test_an_officer_sees_their_prefectures_pas(client, cast, team):
    PrefecturalAdvisor.objects.filter(prefecture_id=NAGASAKI).update(name="Alex Nagasaki")
    client.force_login(cast.org_a)
    assert "Alex Nagasaki" in client.get(reverse("jet:counselling")).content.decode()
    client.force_login(cast.org_b)
    assert "Alex Nagasaki" not in client.get(reverse("jet:counselling")).content.decode()


def test_self_help_pages_are_bilingual(client, cast, team):
    SelfHelpPage.objects.create(
        topic="housing", title_en="Housing problems", title_ja="住居に関する困りごと",
        body_en="Talk to your supervisor first.", body_ja="まず担当者に相談してください。",
    )  # fmt: skip
    client.force_login(cast.participant)
    text = client.get(reverse("jet:counselling")).content.decode()
    assert "Housing problems" in text
    text = client.get(reverse("jet:self_help", args=["housing"])).content.decode()
    assert "Talk to your supervisor first." in text
    with translation.override("ja"):
        text = client.get(reverse("jet:self_help", args=["housing"])).content.decode()
    assert "住居に関する困りごと" in text and "まず担当者に相談してください。" in text
    assert client.get(reverse("jet:self_help", args=["money"])).status_code == 404


def test_the_counselling_list_pins_its_queries(client, cast, team, django_assert_max_num_queries):
    from jet.counselling import services

    CounsellingHours.objects.create(weekday=0, opens=time(9), closes=time(17))
    SelfHelpPage.objects.create(topic="work", title="Work", body="x")
    client.force_login(cast.participant)
    services.open_consultation(
        cast.participant, topic="work", urgency="normal", contact="portal", body="1"
    )
    # Session, user, roles, participant, membership, PA posts (as a PA), the count and the
    # page of own consultations, the placement (prefecture), the PAs, the hours, the pages,
    # and the base template's inbox count.
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("jet:counselling"))
    for n in range(5):
        services.open_consultation(
            cast.participant, topic="money", urgency="normal", contact="portal", body=f"{n}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("jet:counselling"))


def test_a_pa_post_brings_its_group_and_takes_it_away(reference_data):
    """The header tells a possible PA from the groups it reads anyway, not by a query."""
    from conftest import make_user
    from jet.counselling import access

    user = make_user("pa.post@example.org")
    post = PrefecturalAdvisor.objects.create(user=user, prefecture_id=NAGASAKI, name="A PA")
    assert list(user.groups.values_list("name", flat=True)) == ["JET Prefectural Advisors"]
    assert access.advisor_prefectures(type(user).objects.get(pk=user.pk)) == {NAGASAKI}
    post.is_active = False
    post.save()
    assert not user.groups.exists()
    assert access.advisor_prefectures(type(user).objects.get(pk=user.pk)) == frozenset()
