"""Publications as the admin and the services store them, for the tests."""

from django.core.files.base import ContentFile
from django.utils import timezone

from offices.models import Publication, PublicationFile, PublicationSeries
from offices.tests.reports.factories import PDF


def make(
    title_ja, title_en="", *, summary="", year=2024, series="research", published=True, **extra
):
    publication = Publication(
        series=PublicationSeries.objects.get(code=series),
        year=year,
        title_en=title_en,
        title_ja=title_ja,
        summary_en=summary or "A summary.",
        state="published" if published else "draft",
        published_at=timezone.now() if published else None,
        **extra,
    )
    publication.save()
    return publication


def attach(publication, language="ja", content=PDF, name="report.pdf"):
    stored = PublicationFile(publication=publication, language=language)
    stored.file.save(name, ContentFile(content), save=False)
    stored.save()
    return stored
