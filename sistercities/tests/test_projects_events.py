"""Excellent exchange projects and exchange events, as the public reads them."""

import pytest
from django.core.management import call_command

from sistercities.models import EventSeries, EventSeriesName, ExchangeEvent
from sistercities.tests import factories

pytestmark = pytest.mark.django_db


def test_projects_are_listed_filtered_and_linked_from_their_affiliation(client, cast):
    affiliation = factories.affiliation()
    project = factories.project(affiliation, images=1)
    hidden = factories.project(affiliation, title_en="Draft", is_published=False)
    other = factories.project(
        factories.affiliation("172014", factories.foreign("FR", "Nancy", "Grand Est")),
        title_en="Cooking school",
        fields=["economy"],
    )
    titles = lambda r: [p.title for p in r.context["page"]]  # noqa: E731
    assert set(titles(client.get("/en/sister-cities/projects/"))) == {
        project.title,
        other.title,
    }
    assert titles(client.get("/en/sister-cities/projects/?field=economy")) == ["Cooking school"]
    assert titles(client.get("/en/sister-cities/projects/?country=GB")) == [project.title]
    assert titles(client.get(f"/en/sister-cities/projects/?affiliation={affiliation.pk}")) == [
        project.title
    ]
    assert client.get("/en/sister-cities/projects/?field=nope").status_code == 400
    assert client.get(f"/en/sister-cities/projects/{hidden.pk}/").status_code == 404
    detail = client.get(f"/en/sister-cities/{affiliation.pk}/").content.decode()
    assert f"/en/sister-cities/projects/?affiliation={affiliation.pk}" in detail
    unlinked = factories.affiliation("011002")
    factories.project(unlinked, is_published=False)
    detail = client.get(f"/en/sister-cities/{unlinked.pk}/").content.decode()
    assert "/en/sister-cities/projects/?affiliation=" not in detail
    search = client.get("/en/sister-cities/?q=nagasaki").content.decode()
    assert f"/en/sister-cities/projects/?affiliation={affiliation.pk}" in search


def test_a_project_page_in_japanese_with_its_image(client, cast):
    project = factories.project(factories.affiliation(), images=1)
    page = client.get(f"/ja/sister-cities/projects/{project.pk}/").content.decode()
    assert "合同ユースオーケストラ" in page and "両市の学生が毎夏ともに演奏します。" in page
    image = project.images.get()
    response = client.get(f"/ja/sister-cities/projects/{project.pk}/images/{image.pk}/")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/ja/sister-cities/projects/{project.pk}/images/999999/").status_code == 404


def test_the_project_list_pins_its_queries(client, cast, django_assert_max_num_queries):
    affiliation = factories.affiliation()
    for i in range(30):
        factories.project(affiliation, title_en=f"Project {i}")
    # the count, the page with affiliation and partner, the Japanese parties
    with django_assert_max_num_queries(3):
        response = client.get("/en/sister-cities/projects/")
    assert len(response.context["page"].object_list) == 20


def test_the_real_events_are_reference_data(client, cast):
    call_command("load_reference_data")  # a second load changes nothing
    france = EventSeries.objects.get(slug="japan-france-conference")
    assert [(e.year, e.month, e.place_en) for e in france.events.order_by("year")] == [
        (2008, 10, "Nancy"),
        (2010, 5, "Kanazawa"),
    ]
    assert EventSeries.objects.get(slug="trilateral-symposium").since_year == 1999
    assert EventSeries.objects.filter(slug="exchange-cooperation-seminar").exists()
    assert ExchangeEvent.objects.filter(is_demo=True).count() == 0
    kanazawa = france.events.get(year=2010)
    page = client.get(f"/ja/sister-cities/events/{kanazawa.pk}/").content.decode()
    assert "2010年5月" in page and "金沢市" in page
    listing = client.get("/en/sister-cities/events/").content.decode()
    assert "October 2008" in listing and "held since 1999" in listing


def test_the_event_pages_pin_their_queries(client, cast, django_assert_max_num_queries):
    event = factories.event()
    # the series, then their events
    with django_assert_max_num_queries(2):
        client.get("/en/sister-cities/events/")
    # the event with its series, the Japanese participants, those abroad
    with django_assert_max_num_queries(3):
        response = client.get(f"/en/sister-cities/events/{event.pk}/")
    assert "Kanazawa" in response.content.decode()


def test_the_event_pages_name_the_series_in_the_visitors_language(
    client, cast, django_assert_max_num_queries
):
    event = factories.event()
    EventSeriesName.objects.create(owner=event.series, language="ko", name="일불 교류회의")
    # the series, their events and the series' names in Chinese
    with django_assert_max_num_queries(3):
        listing = client.get("/zh-hans/sister-cities/events/").content.decode()
    assert "日法地方政府交流会议" in listing
    # the event with its series, the series' names, the participants here and abroad
    with django_assert_max_num_queries(4):
        page = client.get(f"/ko/sister-cities/events/{event.pk}/").content.decode()
    assert "일불 교류회의" in page
    english = client.get(f"/en/sister-cities/events/{event.pk}/").content.decode()
    assert event.series.name_en in english
