"""Publications: searchable in any script, filtered, newest first, their files through a
view, an Atom feed; drafts are HQ's alone; an accepted report becomes one in one step."""

import pytest
from django.core.files.storage import default_storage

from offices import services
from offices.models import Publication, PublicationSeries
from offices.tests.publication_factories import attach, make
from offices.tests.reports.factories import PDF, filed_report

pytestmark = pytest.mark.django_db


def listed(client, **params) -> list[str]:
    response = client.get("/en/publications/", params)
    assert response.status_code == 200
    return [p.title_en or p.title_ja for p in response.context["page"].object_list]


@pytest.fixture
def shelf(reference_data):
    return {
        "london": make(
            "英国の地方自治：ロンドン事務所からの報告",
            "Local government in the UK: a report from London",
            year=2025,
            series="abroad",
            topics=["governance"],
            countries=["GB"],
            languages=["ja", "en"],
        ),
        "nagasaki": make(
            "長崎市とセントポール市の姉妹都市交流",
            "Nagasaki and St. Paul: sister cities",
            year=2023,
            topics=["sister_cities"],
            countries=["US"],
            languages=["ja"],
        ),
        "jet": make(
            "JETプログラム参加者の生活ガイド",
            "Living in Japan: a JET guide",
            year=2024,
            series="jet",
            topics=["jet"],
            languages=["en"],
        ),  # fmt: skip
        "draft": make("下書きの報告書", "A draft report", year=2026, published=False),
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("長崎", ["Nagasaki and St. Paul: sister cities"]),
        ("ながさき", ["Nagasaki and St. Paul: sister cities"]),
        ("ナガサキ", ["Nagasaki and St. Paul: sister cities"]),
        ("ﾅｶﾞｻｷ", ["Nagasaki and St. Paul: sister cities"]),
        ("nagasaki", ["Nagasaki and St. Paul: sister cities"]),
        ("Saint Paul", ["Nagasaki and St. Paul: sister cities"]),
        ("しまいとし", ["Nagasaki and St. Paul: sister cities"]),
        ("ロンドン事務所", ["Local government in the UK: a report from London"]),
        ("えいこく ちほうじち", ["Local government in the UK: a report from London"]),
        ("eikoku", ["Local government in the UK: a report from London"]),
        ("local government", ["Local government in the UK: a report from London"]),
        ("下書き", []),  # a draft is found by nobody
        ("東京", []),
    ],
)
def test_text_search_in_kanji_kana_romaji_and_english(client, shelf, typed, expected):
    assert listed(client, q=typed) == expected


def test_newest_first_and_drafts_never_listed(client, shelf):
    assert listed(client) == [
        "Local government in the UK: a report from London",
        "Living in Japan: a JET guide",
        "Nagasaki and St. Paul: sister cities",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"series": "jet"}, ["Living in Japan: a JET guide"]),
        ({"topic": "sister_cities"}, ["Nagasaki and St. Paul: sister cities"]),
        ({"language": "en"}, ["Local government in the UK: a report from London",
                              "Living in Japan: a JET guide"]),
        ({"country": "GB"}, ["Local government in the UK: a report from London"]),
        ({"year": "2023"}, ["Nagasaki and St. Paul: sister cities"]),
        ({"office": "london"}, []),
    ],
)  # fmt: skip
def test_each_filter_narrows_to_its_publications(client, shelf, params, expected):
    assert listed(client, **params) == expected


def test_a_bad_filter_answers_400_with_a_message_and_nothing_listed(client, shelf):
    response = client.get("/ja/publications/", {"year": "abc", "series": "nope"})
    assert response.status_code == 400
    assert "下の絞り込み条件を修正してください。" in response.content.decode()
    assert list(response.context["page"].object_list) == []


def test_the_list_reads_a_constant_number_of_queries(client, shelf, django_assert_max_num_queries):
    for n in range(30):
        attach(make(f"調査{n}", f"Study {n}", year=2020), "en")
    # series and office choices, count, page (series and office joined), the page's files
    with django_assert_max_num_queries(5):
        response = client.get("/en/publications/", {"q": "study"})
    assert response.context["page"].paginator.count == 30
    assert 'aria-label="Pagination' in response.content.decode() or "page=2" in (
        response.content.decode()
    )


def test_a_publication_and_its_file_are_open_to_anyone_once_published(client, shelf):
    stored = attach(shelf["london"], content=PDF, name="英国の地方自治.pdf")
    page = client.get(f"/ja/publications/{shelf['london'].pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        "英国の地方自治" in body
        and f"/ja/publications/{shelf['london'].pk}/files/{stored.pk}/" in body
    )
    download = client.get(f"/en/publications/{shelf['london'].pk}/files/{stored.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert stored.content_type == "application/pdf" and stored.size == len(PDF)


def test_a_draft_and_its_file_are_hqs_alone(client, cast, shelf):
    stored = attach(shelf["draft"])
    urls = [
        f"/en/publications/{shelf['draft'].pk}/",
        f"/en/publications/{shelf['draft'].pk}/files/{stored.pk}/",
    ]
    for user in [None, cast.participant, cast.office_a]:
        client.logout()
        if user:
            client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(cast.hq)
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_a_file_of_another_publication_is_404(client, shelf):
    stored = attach(shelf["jet"])
    assert (
        client.get(f"/en/publications/{shelf['london'].pk}/files/{stored.pk}/").status_code == 404
    )


def test_the_atom_feed_lists_published_ones_in_the_addresss_language(client, shelf):
    response = client.get("/ja/publications/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert 'xml:lang="ja"' in body
    assert "英国の地方自治" in body and "下書き" not in body
    assert f"/ja/publications/{shelf['london'].pk}/" in body
    english = client.get("/en/publications/feed/").content.decode()
    assert "Local government in the UK" in english


def test_the_japanese_page_is_in_japanese(client, shelf):
    body = client.get("/ja/publications/").content.decode()
    assert "刊行物" in body and "シリーズ" in body and "3件" in body


# --- From an accepted office report ---------------------------------------------------


@pytest.fixture
def accepted(cast, reference_data):
    report = filed_report(cast.office_a, "2026-01-01", attachments=2)
    services.save_draft(
        cast.office_a,
        report.pk,
        title="英国の地方議会改革",
        body="英国の地方議会改革について調査しました。\n\n第二段落。",
        language="ja",
    )
    services.submit_report(cast.office_a, report.pk)
    services.accept_report(cast.hq, report.pk)
    report.refresh_from_db()
    return report


def test_accepting_a_report_publishes_nothing(accepted):
    assert not Publication.objects.filter(source_report=accepted).exists()


def test_hq_makes_an_accepted_report_a_publication_in_one_step(client, cast, accepted):
    client.force_login(cast.hq)
    detail = client.get(f"/en/offices/reports/{accepted.pk}/").content.decode()
    assert f"/en/offices/reports/{accepted.pk}/publish/" in detail
    form = client.get(f"/en/offices/reports/{accepted.pk}/publish/")
    assert form.context["form"].initial["summary"] == "英国の地方議会改革について調査しました。"
    chosen = accepted.attachments.order_by("pk").first()
    response = client.post(
        f"/en/offices/reports/{accepted.pk}/publish/",
        {
            "series": PublicationSeries.objects.get(code="abroad").pk,
            "summary": "英国の地方議会改革の調査報告です。",
            "topics": ["governance"],
            "attachments": [str(chosen.pk)],
            "publish_now": "on",
        },
    )
    publication = Publication.objects.get(source_report=accepted)
    assert response.status_code == 302
    assert response["Location"] == f"/en/publications/{publication.pk}/"
    assert publication.is_published and publication.office == accepted.office
    assert (publication.title_ja, publication.body_ja) == (accepted.title, accepted.body)
    assert not publication.title_en and publication.languages == ["ja"]
    assert publication.countries == accepted.office.countries
    files = list(publication.files.all())
    assert [f.filename for f in files] == [chosen.filename]
    assert files[0].file.name != chosen.file.name  # a copy: the report keeps its own
    assert files[0].file.read() == PDF
    # The public finds it by its Japanese title.
    client.logout()
    assert listed(client, q="ちほうぎかい") == [publication.title]


def test_a_report_becomes_a_publication_only_once(cast, accepted):
    series = PublicationSeries.objects.get(code="abroad")
    services.publish_report(cast.hq, accepted.pk, series=series, summary="x")
    with pytest.raises(services.PublicationError):
        services.publish_report(cast.hq, accepted.pk, series=series, summary="x")
    assert Publication.objects.count() == 1


def test_only_an_accepted_report_and_only_its_own_attachments(cast, accepted, reference_data):
    series = PublicationSeries.objects.get(code="abroad")
    submitted = filed_report(cast.office_a, "2026-02-01", submit=True)
    with pytest.raises(services.PublicationError):
        services.publish_report(cast.hq, submitted.pk, series=series, summary="x")
    other = filed_report(cast.office_a, "2026-03-01", attachments=1)
    before = (
        set(default_storage.listdir("publications")[1])
        if default_storage.exists("publications")
        else set()
    )
    with pytest.raises(services.PublicationError):
        services.publish_report(
            cast.hq,
            accepted.pk,
            series=series,
            summary="x",
            attachment_ids=[other.attachments.get().pk],
        )
    assert not Publication.objects.exists()
    after = (
        set(default_storage.listdir("publications")[1])
        if default_storage.exists("publications")
        else set()
    )
    assert after == before


def test_office_staff_cannot_publish_a_report(client, cast, accepted):
    client.force_login(cast.office_a)
    assert client.get(f"/en/offices/reports/{accepted.pk}/publish/").status_code == 404
    with pytest.raises(Exception):  # noqa: B017  (Http404 from the access helper)
        services.publish_report(
            cast.office_a,
            accepted.pk,
            series=PublicationSeries.objects.get(code="abroad"),
            summary="x",
        )
    assert not Publication.objects.exists()


# --- Publishing in the admin ------------------------------------------------------------


def test_publish_and_withdraw_through_the_services(cast, shelf):
    draft = shelf["draft"]
    with pytest.raises(services.PublicationError):  # nothing to read yet
        services.publish(cast.hq, draft.pk)
    attach(draft)
    services.publish(cast.hq, draft.pk)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at
    services.withdraw(cast.hq, draft.pk)
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.published_at is None


def test_hq_adds_a_publication_with_a_file_in_the_admin_then_publishes_it(client, cast, shelf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.hq)
    data = {
        "title_en": "Regional development abroad",
        "title_ja": "海外の地域振興",
        "series": PublicationSeries.objects.get(code="research").pk,
        "year": "2026",
        "summary_en": "Case studies.",
        "summary_ja": "事例集です。",
        "topics": ["regional"],
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-language": "ja",
        "files-0-file": SimpleUploadedFile("chiiki.pdf", PDF, content_type="application/pdf"),
        "files-0-sort_order": "0",
    }
    response = client.post("/admin/offices/publication/add/", data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    added = Publication.objects.get(title_en="Regional development abroad")
    assert added.state == "draft" and added.created_by == cast.hq
    assert added.languages == ["ja"]
    assert added.files.get().content_type == "application/pdf"
    client.post(
        "/admin/offices/publication/",
        {"action": "publish_selected", "_selected_action": [added.pk]},
    )
    added.refresh_from_db()
    assert added.is_published
    assert listed(client, q="ちいきしんこう") == ["Regional development abroad"]


def test_the_admin_refuses_a_file_whose_content_is_not_a_document(client, cast, shelf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.hq)
    response = client.post(
        f"/admin/offices/publication/{shelf['jet'].pk}/change/",
        {
            "title_en": "Living in Japan: a JET guide",
            "title_ja": "JETプログラム参加者の生活ガイド",
            "series": shelf["jet"].series_id,
            "year": "2024",
            "summary_en": "A summary.",
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
            "files-0-language": "en",
            "files-0-file": SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 not a pdf"),
            "files-0-sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert "not a file type the portal accepts" in response.content.decode()
    assert not shelf["jet"].files.exists()


def test_the_series_are_reference_data(reference_data):
    assert list(PublicationSeries.objects.values_list("code", flat=True)) == [
        "research",
        "jet",
        "abroad",
    ]
    assert PublicationSeries.objects.get(code="jet").name_ja == "JETプログラム刊行物"


def test_the_page_of_a_publication_reads_it_and_its_files_once(
    client, shelf, django_assert_max_num_queries
):
    for language in ["ja", "en", "ja"]:
        attach(shelf["london"], language)
    # the publication with its series and office, its files
    with django_assert_max_num_queries(2):
        response = client.get(f"/en/publications/{shelf['london'].pk}/")
    assert response.status_code == 200 and len(response.context["files"]) == 3
