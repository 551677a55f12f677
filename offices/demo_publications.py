"""Invented publications for the demo (DEBUG only): a few of HQ's, and one made from an
accepted London report through the same one step HQ takes on the report's page.

Every one is flagged ``is_demo``; the pages that show them carry the demo notice.
Idempotent: nothing is added once demo publications exist.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from clair_portal.accounts.models import User
from offices import services
from offices.models import Publication, PublicationFile, PublicationSeries, Report
from reference.loading import Outcome

# The smallest valid PDF, so the demo's files open.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

HQ_PUBLICATIONS = [
    {
        "series": "research",
        "year_ago": 0,
        "title": ("Local public finance in Japan: an overview", "日本の地方財政の概要"),
        "summary": (
            "How Japan's prefectures and municipalities raise and share their revenue. "
            "(An invented publication for the demo.)",
            "都道府県と市町村の財源と財政調整の仕組みを解説します。（デモ用の架空の刊行物です。）",
        ),
        "topics": ["governance"],
        "countries": [],
        "files": ["en", "ja"],
    },
    {
        "series": "jet",
        "year_ago": 1,
        "title": (
            "Living and working in Japan: a JET guide",
            "JETプログラム参加者のための生活ガイド",
        ),
        "summary": (
            "Practical advice for new participants on settling into their community. "
            "(An invented publication for the demo.)",
            "新たな参加者が地域の生活になじむための実用的な案内です。（デモ用の架空の刊行物です。）",
        ),
        "topics": ["jet", "multicultural"],
        "countries": [],
        "files": ["en"],
    },
    {
        "series": "abroad",
        "year_ago": 2,
        "title": ("Local government in France", "フランスの地方自治"),
        "summary": (
            "Communes, départements and régions, and how they work together. "
            "(An invented publication for the demo.)",
            "コミューン、県、州の仕組みと相互の関係を紹介します。（デモ用の架空の刊行物です。）",
        ),
        "topics": ["governance"],
        "countries": ["FR"],
        "files": ["ja"],
        "office": "paris",
    },
]


def load() -> Outcome:
    outcome = Outcome("demo publications")
    if Publication.objects.filter(is_demo=True).exists():
        outcome.unchanged = Publication.objects.filter(is_demo=True).count()
        return outcome
    hq = User.objects.filter(email="hq@clair-demo.test").first()
    series = PublicationSeries.objects.in_bulk(field_name="code")
    this_year = timezone.localdate().year
    for row in HQ_PUBLICATIONS:
        publication = Publication(
            series=series[row["series"]],
            year=this_year - row["year_ago"],
            topics=row["topics"],
            countries=row["countries"],
            languages=row["files"],
            created_by=hq,
            is_demo=True,
            state=Publication.State.PUBLISHED,
            published_at=timezone.now(),
        )
        for field in ("title", "summary"):
            en, ja = row[field]
            setattr(publication, f"{field}_en", en)
            setattr(publication, f"{field}_ja", ja)
        if row.get("office"):
            publication.office_id = _office_id(row["office"])
        publication.save()
        for language in row["files"]:
            name = f"{row['series']}-{language}.pdf"
            stored = PublicationFile(publication=publication, language=language, filename=name)
            stored.file.save(name, ContentFile(PDF), save=False)
            stored.save()
        outcome.created += 1
    outcome.created += _from_london_report(hq, series["abroad"])
    return outcome


def _office_id(code: str):
    from offices.models import Office

    return Office.objects.values_list("pk", flat=True).get(code=code)


def _from_london_report(hq, series) -> int:
    """The newest accepted London report with an attachment, published by HQ in one step."""
    if hq is None:
        return 0
    report = (
        Report.objects.filter(office__code="london", state=Report.State.ACCEPTED, is_demo=True)
        .filter(attachments__isnull=False)
        .order_by("-period_start", "pk")
        .first()
    )
    if report is None:
        return 0
    services.publish_report(
        hq,
        report.pk,
        series=series,
        summary=services.first_paragraph(report.body),
        attachment_ids=list(report.attachments.values_list("pk", flat=True)),
        topics=["governance", "internationalisation"],
    )
    return 1
