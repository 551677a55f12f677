"""The living-information library: current versions, stale flags, the public list and HQ's matrix."""

from datetime import date

import pytest
from django.urls import reverse

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
    # count, the page of versions with document, topic and language, then the
    # topic and language choices of the filter form.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("multicultural:library"))
    assert len(response.context["page"].object_list) == 25


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
