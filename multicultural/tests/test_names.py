"""Vocabulary names in the community languages (clair_portal/names.py): the reference
rows carry all six, each page shows its own, and a list loads them in one query."""

import pytest
from django.utils import translation

from clair_portal.languages import COMMUNITY_LANGUAGES
from clair_portal.names import fill_names
from multicultural.models import (
    GrantCategory,
    LibraryLanguage,
    LivingTopic,
    LivingTopicName,
)
from sistercities.models import EventSeries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [LivingTopic, LibraryLanguage, GrantCategory, EventSeries])
def test_every_reference_row_is_named_in_every_community_language(reference_data, model):
    rows = list(model.objects.prefetch_related("names"))
    assert rows
    for row in rows:
        names = {n.language: n.name for n in row.names.all()}
        assert set(names) == set(COMMUNITY_LANGUAGES), row
        assert all(name.strip() and name != row.name_en for name in names.values()) or (
            model is LibraryLanguage  # "Tagalog" is Tagalog's own name in English too
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Disaster preparedness"),
        ("ja", "防災"),
        ("zh-hans", "防灾"),
        ("ko", "방재"),
        ("pt-br", "Prevenção de desastres"),
        ("es", "Prevención de desastres"),
        ("vi", "Phòng chống thiên tai"),
        ("tl", "Paghahanda sa sakuna"),
    ],
)
def test_a_topic_is_named_in_the_page_language(reference_data, language, expected):
    topic = LivingTopic.objects.get(code="disaster-preparedness")
    with translation.override(language):
        assert topic.local_name == expected
        prefetched = LivingTopic.objects.prefetch_related(*LivingTopic.prefetch_names())
        assert prefetched.get(code="disaster-preparedness").local_name == expected


def test_a_name_missing_in_a_language_falls_back_to_the_staff_written_one(reference_data):
    topic = LivingTopic.objects.get(code="garbage-disposal")
    topic.names.filter(language="ko").delete()
    with translation.override("ko"):
        assert topic.local_name == "Garbage disposal"
        again = LivingTopic.objects.prefetch_related(*LivingTopic.prefetch_names())
        assert again.get(pk=topic.pk).local_name == "Garbage disposal"


def test_a_list_loads_its_names_in_one_query(reference_data, django_assert_num_queries):
    with translation.override("es"):
        with django_assert_num_queries(2):  # the topics, their names in Spanish
            topics = list(LivingTopic.objects.prefetch_related(*LivingTopic.prefetch_names()))
        with django_assert_num_queries(0):
            names = [t.local_name for t in topics]
    assert "Cómo sacar la basura" in names
    # English and Japanese pages show the modeltranslation name: no query for names.
    with translation.override("ja"):
        assert LivingTopic.prefetch_names() == []


def test_loading_the_names_again_keeps_what_hq_wrote(reference_data):
    topic = LivingTopic.objects.get(code="health-insurance")
    LivingTopicName.objects.filter(owner=topic, language="vi").update(name="Bảo hiểm sức khỏe")
    LivingTopicName.objects.filter(owner=topic, language="tl").delete()
    created, kept = fill_names(
        LivingTopic,
        {"health-insurance": {"vi": "Bảo hiểm y tế", "tl": "Segurong pangkalusugan"}},
        key="code",
    )
    assert (created, kept) == (1, 1)
    with translation.override("vi"):
        assert topic.local_name == "Bảo hiểm sức khỏe"
    with translation.override("tl"):
        assert topic.local_name == "Segurong pangkalusugan"


@pytest.mark.parametrize(
    ("model", "key"),
    [(LivingTopic, "garbage-disposal"), (LibraryLanguage, "pt"), (GrantCategory, "consultation")],
)
def test_hq_edits_the_names_beside_the_vocabulary_in_the_admin(client, cast, model, key):
    row = model.objects.get(code=key)
    client.force_login(cast.hq)
    meta = model._meta
    page = client.get(f"/admin/{meta.app_label}/{meta.model_name}/{row.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="names-TOTAL_FORMS" value="6"' in body
    assert row.names.get(language="vi").name in body


def test_hq_edits_an_event_series_names_in_the_admin(client, cast):
    series = EventSeries.objects.get(slug="trilateral-symposium")
    client.force_login(cast.hq)
    page = client.get(f"/admin/sistercities/eventseries/{series.pk}/change/")
    assert page.status_code == 200
    assert "中日韩三国地方政府交流会议" in page.content.decode()
