"""Specialists keep their own profile; HQ works through incomplete and stale ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from clair_portal.notifications.models import Notification
from cooperation import services
from cooperation.models import Specialist
from cooperation.tests import factories

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "full_name": "Alice Specialist",
        "status": "retired",
        "home_government": "011002",
        "position": "Former head of the water bureau",
        "years_of_experience": "31",
        "fields": [],
        "consent_to_contact": "on",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-0-language": "fr",
        "languages-0-level": "3",
        "languages-1-language": "",
        "languages-1-level": "",
        "availability-TOTAL_FORMS": "1",
        "availability-INITIAL_FORMS": "0",
        "availability-0-starts_on": "2027-04-01",
        "availability-0-ends_on": "2027-09-30",
    }
    data.update(overrides)
    return data


@pytest.fixture
def alice(cast):
    person = factories.specialist_user("alice@example.org", languages=(), fields=())
    Specialist.objects.filter(pk=person.pk).update(
        profile_updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    person.refresh_from_db()
    return person


def test_a_specialist_saves_fields_languages_and_availability(client, alice):
    from cooperation.models import Field

    client.force_login(alice.user)
    water = Field.objects.get(code="water-supply")
    response = client.post(reverse("cooperation:my_profile"), profile_data(fields=[water.pk]))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.full_name == "Alice Specialist" and alice.status == "retired"
    assert alice.home_government_id == "011002" and alice.years_of_experience == 31
    assert list(alice.fields.all()) == [water]
    assert [(x.language, x.level) for x in alice.languages.all()] == [("fr", 3)]
    assert [(w.starts_on, w.ends_on) for w in alice.availability.all()] == [
        (datetime.date(2027, 4, 1), datetime.date(2027, 9, 30))
    ]
    assert timezone.now() - alice.profile_updated_at < datetime.timedelta(minutes=1)
    assert alice.history.count() >= 2  # who changed what stays on record


def test_bad_input_is_refused_with_a_translated_error_and_loses_nothing(client, alice):
    client.force_login(alice.user)
    data = profile_data(**{"availability-0-ends_on": "2027-03-01"})  # before it starts
    with translation.override("ja"):
        response = client.post(
            reverse(
                "cooperation:my_profile",
            ),
            data,
            HTTP_ACCEPT_LANGUAGE="ja",
        )
    assert response.status_code == 200
    assert response.context["form"]["full_name"].value() == "Alice Specialist"  # kept for retry
    alice.refresh_from_db()
    assert alice.full_name == "Alice" and alice.availability.count() == 0
    assert "プロフィールは保存されませんでした" in response.content.decode()


def test_worklists_show_incomplete_and_stale_profiles(client, cast, alice):
    complete = factories.specialist("complete@example.org")
    client.force_login(cast.hq)
    incomplete = client.get(reverse("cooperation:specialist_list"), {"show": "incomplete"})
    assert list(incomplete.context["page"].object_list) == [alice]
    stale = client.get(reverse("cooperation:specialist_list"), {"show": "stale"})
    assert list(stale.context["page"].object_list) == [alice]
    everyone = client.get(reverse("cooperation:specialist_list"))
    assert set(everyone.context["page"].object_list) == {alice, complete}


def test_the_registry_list_pages_in_the_database_with_fixed_queries(
    client, cast, django_assert_max_num_queries
):
    for i in range(60):
        factories.specialist(f"s{i:02d}@example.org")
    client.force_login(cast.hq)
    # session, user, groups, count, one page of specialists with their home government
    # and its prefecture, inbox count (+ savepoint pairs).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cooperation:specialist_list"), {"show": "incomplete"})
    with django_assert_max_num_queries(9):
        response = client.get(reverse("cooperation:specialist_list"), {"page": "2"})
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].paginator.count == 60


def test_the_registry_pages_keep_the_filters_in_every_page_link(client, cast):
    for i in range(60):
        factories.specialist(f"s{i:02d}@example.org")
    client.force_login(cast.hq)
    response = client.get(
        reverse("cooperation:specialist_list"), {"show": "all", "q": "S", "page": "2"}
    )
    body = response.content.decode()
    assert "26–50 of 60" in body
    # Before the list kit, these links dropped the filters and showed everyone again.
    assert 'href="?show=all&amp;q=S&amp;page=3" rel="next"' in body
    assert 'href="?show=all&amp;q=S&amp;page=1"' in body
    assert 'aria-current="page"' in body


def test_a_specialist_is_deactivated_never_deleted(client, cast, alice):
    client.force_login(cast.hq)
    client.post(reverse("cooperation:specialist_deactivate", args=[alice.pk]))
    alice.refresh_from_db()
    assert alice.is_active is False
    assert services.rank_candidates(factories.dispatch_request(cast.hq)) == []
    client.force_login(alice.user)
    assert client.get(reverse("cooperation:my_profile")).status_code == 404
    client.force_login(cast.superuser)
    url = reverse("admin:cooperation_specialist_delete", args=[alice.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Specialist.objects.filter(pk=alice.pk).exists()


def test_stale_profiles_are_reminded_once(cast, alice):
    factories.specialist_user("fresh@example.org")  # complete and current: not reminded
    assert services.remind_stale_profiles() == 1
    assert services.remind_stale_profiles() == 0  # claimed: nothing twice
    notes = Notification.objects.filter(user=alice.user)
    assert notes.count() == 1
    assert "/cooperation/my-profile/" in notes.get().url
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.remind_stale_profiles(later) == 1  # a month on, once more
    assert Notification.objects.filter(user=alice.user).count() == 2


def test_hq_sees_the_specialists_languages_and_availability(client, cast):
    import datetime as dt

    person = factories.specialist(
        "shown@example.org",
        languages=(("fr", 3),),
        windows=((dt.date(2027, 4, 1), dt.date(2027, 5, 1)),),
    )
    client.force_login(cast.hq)
    page = client.get(
        reverse("cooperation:specialist_detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    content = page.content.decode()
    assert "French (fluent)" in content and "1 April 2027" in content


def test_the_profile_page_renders_both_formsets(client, alice):
    client.force_login(alice.user)
    content = client.get(reverse("cooperation:my_profile")).content.decode()
    assert 'name="languages-TOTAL_FORMS"' in content and 'name="languages-0-language"' in content
    assert 'name="availability-TOTAL_FORMS"' in content
