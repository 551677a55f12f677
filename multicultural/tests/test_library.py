"""The living-information library: current versions, stale flags, the public list and HQ's matrix."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from multicultural import services
from multicultural.models import DocumentVersion, LivingTopic
from multicultural.tests import factories

pytestmark = pytest.mark.django_db


def test_a_translation_goes_stale_when_the_japanese_source_changes_after_it(reference_data):
    doc = factories.document()
    factories.version(doc, "ja", date(2026, 4, 1))
    english = factories.version(doc, "en", date(2026, 4, 10))
    assert not english.is_stale
    assert not DocumentVersion.objects.stale().exists()

    newer_japanese = factories.version(doc, "ja", date(2026, 5, 1))
    english.refresh_from_db()
    assert english.is_stale
    assert list(DocumentVersion.objects.stale()) == [english]
    assert not newer_japanese.is_stale  # the source is never stale against itself

    fresh = factories.version(doc, "en", date(2026, 5, 2))
    english.refresh_from_db()
    assert fresh.is_current and not english.is_current
    assert not DocumentVersion.objects.current().stale().exists()


def test_an_older_version_added_later_does_not_become_current(reference_data):
    doc = factories.document()
    latest = factories.version(doc, "pt", date(2026, 6, 1))
    older = factories.version(doc, "pt", date(2026, 5, 1))
    latest.refresh_from_db()
    older.refresh_from_db()
    assert latest.is_current and not older.is_current


def test_a_version_needs_text_or_a_file(reference_data):
    doc = factories.document()
    with pytest.raises(services.LibraryError):
        services.publish_version(doc, factories.language("vi"), title="x", body="  ")
    assert not DocumentVersion.objects.exists()


def test_the_public_library_filters_by_topic_and_language(client, reference_data):
    garbage = factories.document("garbage-disposal", "Sorting garbage")
    school = factories.document("school-enrolment", "Starting school")
    for doc in (garbage, school):
        factories.version(doc, "ja", date(2026, 4, 1))
        factories.version(doc, "tl", date(2026, 4, 2))
    response = client.get(
        reverse("multicultural:library"), {"topic": "school-enrolment", "language": "tl"}
    )
    shown = list(response.context["page"].object_list)
    assert [(v.document.title, v.language.code) for v in shown] == [("Starting school", "tl")]

    response = client.get(reverse("multicultural:library"), {"language": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_public_library_flags_stale_versions(client, reference_data):
    doc = factories.document()
    korean = factories.version(doc, "ko", date(2026, 4, 1), body="쓰레기")
    factories.version(doc, "ja", date(2026, 4, 5), body="ごみ")
    page = client.get(reverse("multicultural:library_version", args=[korean.pk]))
    body = page.content.decode()
    assert 'lang="ko"' in body and "5 April 2026" in body
    assert "Japanese original was updated" in body


def test_the_library_list_pages_with_constant_queries(
    client, reference_data, django_assert_max_num_queries
):
    for i in range(15):
        doc = factories.document(title=f"Document {i:02d}")
        for code in ("ja", "en"):
            factories.version(doc, code, date(2026, 4, 1))
    # the languages and the topics (the filter's choices; the topics with whether they
    # have documents in the language chosen), then count and the page of versions
    # with document, topic and language.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("multicultural:library"), {"language": "all"})
    assert len(response.context["page"].object_list) == 25
    # Opening on English: the same, and the closest versions of the topics without any.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("multicultural:library"))
    assert len(response.context["page"].object_list) == 15


@pytest.mark.parametrize("rows", [3, 30])
def test_the_library_in_a_community_language_pins_its_queries(
    client, reference_data, django_assert_max_num_queries, rows
):
    for i in range(rows):
        doc = factories.document(title=f"Document {i:02d}")
        for code in ("ja", "ja-easy", "vi"):
            factories.version(doc, code, date(2026, 4, 1))
        factories.version(
            factories.document("health-insurance", f"Health {i:02d}"), "en", date(2026, 4, 1)
        )
    # As in English (languages, topics, count, page, closest), and the names in
    # Vietnamese of the languages, the topics, the page's topics and languages and
    # the closest versions' languages: one query each, however many rows.
    with translation.override("vi"), django_assert_max_num_queries(10):
        response = client.get(reverse("multicultural:library"))
    assert response.context["language"].code == "vi"
    assert [t.code for t, _closest in response.context["missing"]] == ["health-insurance"]


def test_the_library_opens_on_the_visitors_language(client, reference_data):
    doc = factories.document("garbage-disposal", "Sorting garbage")
    for code in ("ja", "pt", "en"):
        factories.version(doc, code, date(2026, 4, 1))
    with translation.override("pt-br"):
        response = client.get(reverse("multicultural:library"))
    shown = [v.language.code for v in response.context["page"].object_list]
    assert shown == ["pt"]
    body = response.content.decode()
    assert '<option value="pt" selected>Português</option>' in body
    assert "Como descartar o lixo" in body  # the topic in Portuguese
    assert not response.context["missing"]

    # The visitor may still choose another language, or all of them.
    with translation.override("pt-br"):
        every = client.get(reverse("multicultural:library"), {"language": "all"})
        japanese = client.get(reverse("multicultural:library"), {"language": "ja"})
    assert sorted(v.language.code for v in every.context["page"].object_list) == [
        "en",
        "ja",
        "pt",
    ]
    assert [v.language.code for v in japanese.context["page"].object_list] == ["ja"]
    # A topic chosen from a document's page keeps the visitor's language.
    with translation.override("ja"):
        response = client.get(reverse("multicultural:library"), {"topic": "garbage-disposal"})
    assert [v.language.code for v in response.context["page"].object_list] == ["ja"]


def test_a_topic_without_the_visitors_language_says_so_and_offers_the_closest(
    client, reference_data
):
    garbage = factories.document("garbage-disposal", "Sorting garbage")
    for code in ("ja", "ja-easy", "en"):
        factories.version(garbage, code, date(2026, 4, 1))
    insurance = factories.document("health-insurance", "Joining health insurance")
    for code in ("ja", "en"):
        factories.version(insurance, code, date(2026, 4, 1))
    school = factories.document("school-enrolment", "Starting school")
    for code in ("ja", "ko"):
        factories.version(school, code, date(2026, 4, 1))
    factories.document("disaster-preparedness", "Earthquakes")  # no version at all

    with translation.override("ko"):
        response = client.get(reverse("multicultural:library"))
    missing = {
        topic.code: [(v.document.title, v.language.code) for v in closest]
        for topic, closest in response.context["missing"]
    }
    # Easy Japanese first, English where there is none; a topic with no version in
    # either is still named.
    assert missing == {
        "garbage-disposal": [("Sorting garbage", "ja-easy")],
        "health-insurance": [("Joining health insurance", "en")],
        "disaster-preparedness": [],
    }
    assert [v.document.title for v in response.context["page"].object_list] == ["Starting school"]
    body = response.content.decode()
    assert "쓰레기 배출 방법에 관한 한국어 자료는 아직 없습니다." in body
    assert "건강보험에 관한 한국어 자료는 아직 없습니다." in body

    # One topic chosen: only its own message, and no "nothing matches" beside it.
    with translation.override("ko"):
        response = client.get(reverse("multicultural:library"), {"topic": "health-insurance"})
    assert [t.code for t, _closest in response.context["missing"]] == ["health-insurance"]
    assert "No documents match this choice yet." not in response.content.decode()

    # English readers are offered easy Japanese, never their own language again.
    response = client.get(reverse("multicultural:library"), {"topic": "school-enrolment"})
    missing = {t.code: [v.language.code for v in c] for t, c in response.context["missing"]}
    assert missing == {"school-enrolment": []}


def test_hq_coverage_matrix_counts_missing_and_stale(client, cast, django_assert_max_num_queries):
    first = factories.document("health-insurance", "Joining health insurance")
    second = factories.document("health-insurance", "Paying premiums")
    factories.version(first, "ja", date(2026, 4, 1))
    factories.version(first, "en", date(2026, 3, 1))  # older than its Japanese source: stale
    factories.version(second, "ja", date(2026, 4, 1))
    factories.version(second, "en", date(2026, 4, 2))

    client.force_login(cast.hq)
    # session, user, groups, topics with counts, languages, current versions grouped,
    # the inbox's unread count.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("multicultural:coverage"))
    rows = {row["topic"].code: row for row in response.context["rows"]}
    cells = {cell["language"].code: cell for cell in rows["health-insurance"]["cells"]}
    assert (cells["ja"]["present"], cells["ja"]["stale"], cells["ja"]["missing"]) == (2, 0, 0)
    assert (cells["en"]["present"], cells["en"]["stale"], cells["en"]["missing"]) == (2, 1, 0)
    assert (cells["tl"]["present"], cells["tl"]["missing"]) == (0, 2)
    assert len(response.context["rows"]) == LivingTopic.objects.count()
