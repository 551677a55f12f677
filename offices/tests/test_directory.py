import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

WINTER = datetime(2026, 1, 15, 3, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 3, 0, tzinfo=UTC)


def directory(client, language="en"):
    with translation.override(language):
        url = reverse("offices:directory")
    assert url == f"/{language}/offices/"
    return client.get(url)


def clock_of(html: str, code: str) -> str:
    match = re.search(rf'data-office="{code}">(.*?)</p>', html, re.S)
    assert match, code
    return " ".join(match.group(1).split())


@pytest.fixture
def frozen(monkeypatch):
    def freeze(at):
        monkeypatch.setattr("offices.views.timezone.now", lambda: at)

    return freeze


def test_directory_is_public_and_lists_every_office(client, reference_data):
    response = directory(client)
    assert response.status_code == 200
    html = response.content.decode()
    for name in [
        "Tokyo Headquarters",
        "London Office",
        "Singapore Office",
        "Sydney Office",
        "Paris Office",
        "Seoul Office",
        "Beijing Office",
        "New York Office",
    ]:
        assert name in html
    assert "03-5213-1730" in html and "+81 3-5213-1730" in html
    assert "Sogo Hanzomon Building" in html
    assert "Contact details for this office have not been published yet." in html
    # Reference data is real: no demo notice.
    assert "Demo data" not in html


def test_local_times_in_winter(client, reference_data, frozen):
    frozen(WINTER)
    html = directory(client).content.decode()
    assert "2026-01-15 12:00" in clock_of(html, "tokyo")
    london = clock_of(html, "london")
    assert "2026-01-15 03:00" in london and "UTC+00:00" in london and "Standard time" in london
    sydney = clock_of(html, "sydney")
    assert "2026-01-15 14:00" in sydney and "UTC+11:00" in sydney
    assert "Daylight saving time in force" in sydney
    new_york = clock_of(html, "new-york")
    assert "2026-01-14 22:00" in new_york and "UTC-05:00" in new_york


def test_local_times_in_summer(client, reference_data, frozen):
    frozen(SUMMER)
    html = directory(client).content.decode()
    paris = clock_of(html, "paris")
    assert "2026-07-15 05:00" in paris and "UTC+02:00" in paris
    assert "Daylight saving time in force" in paris
    sydney = clock_of(html, "sydney")
    assert "UTC+10:00" in sydney and "Standard time" in sydney
    assert "UTC-04:00" in clock_of(html, "new-york")
    assert "UTC+08:00" in clock_of(html, "beijing")


def test_directory_in_japanese(client, reference_data, frozen):
    frozen(SUMMER)
    response = directory(client, "ja")
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "東京本部" in html and "ロンドン事務所" in html
    assert "東京都千代田区麹町1-7 相互半蔵門ビル" in html
    assert "半蔵門駅1番出口から徒歩1分" in html
    assert "総務部" in html
    assert "夏時間" in clock_of(html, "london")
    assert "事務所一覧" in html


def test_directory_query_count_is_constant(client, reference_data, django_assert_max_num_queries):
    # offices, departments, divisions (with their department): three queries.
    with django_assert_max_num_queries(3):
        directory(client)


def test_directory_is_rendered_once_per_language_and_its_clocks_for_each_request(
    client, reference_data, frozen, django_assert_num_queries
):
    frozen(WINTER)
    directory(client)
    frozen(SUMMER)
    with django_assert_num_queries(0):  # the sections come from the cache; the clocks are now's
        html = directory(client).content.decode()
    assert "2026-07-15 05:00" in clock_of(html, "paris")
    assert "03-5213-1730" in html and "Sogo Hanzomon Building" in html
    japanese = directory(client, "ja").content.decode()
    assert "総務部" in japanese and "夏時間" in clock_of(japanese, "london")


def test_a_changed_office_shows_on_the_next_request(
    client, reference_data, django_capture_on_commit_callbacks
):
    from offices.models import Department

    assert "03-5213-1799" not in directory(client).content.decode()
    general = Department.objects.get(office__code="tokyo", phone="+81352131730")
    with django_capture_on_commit_callbacks(execute=True):
        general.phone = "+81352131799"
        general.save()
    assert "03-5213-1799" in directory(client).content.decode()
