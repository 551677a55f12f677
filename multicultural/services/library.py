"""The living-information library: publishing versions and keeping translations current."""

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clair_portal.security.uploads import sanitise_filename
from multicultural.models import DocumentVersion, LibraryLanguage, LivingDocument, LivingTopic
from multicultural.services.access import LibraryError

# The library's language (LibraryLanguage.code) a reader of each portal language reads.
LIBRARY_LANGUAGE_OF = {
    "en": "en",
    "ja": "ja",
    "zh-hans": "zh",
    "ko": "ko",
    "pt-br": "pt",
    "es": "es",
    "vi": "vi",
    "tl": "tl",
}
# What a reader is offered where a topic has nothing in their language, closest first.
CLOSEST = ("ja-easy", "en")


def reader_library_language(language: str | None = None) -> str | None:
    """The library's language code for a reader of ``language`` (the active one)."""
    return LIBRARY_LANGUAGE_OF.get(language or get_language())


def shelf_topics(language=None):
    """Every topic with its name in the active language, and whether it has documents
    (``has_documents``) and any current version in ``language`` (``in_language``;
    true for every topic when no language is chosen). One query, and one for the
    names on a community-language page."""
    documents = LivingDocument.objects.filter(topic=OuterRef("pk"))
    topics = LivingTopic.objects.annotate(has_documents=Exists(documents))
    if language is not None:
        here = DocumentVersion.objects.current().filter(
            language=language, document__topic=OuterRef("pk")
        )
        topics = topics.annotate(in_language=Exists(here))
    else:
        topics = topics.annotate(in_language=Exists(documents))
    return topics.prefetch_related(*LivingTopic.prefetch_names())


def closest_versions(language, topics) -> dict[int, list]:
    """For each document of ``topics`` (which have nothing in ``language``), its current
    version in the closest language the library has: easy Japanese, then English.

    ``{topic id: [versions by title]}``; a document in neither is left out. One query,
    and one for the languages' names on a community-language page.
    """
    codes = [code for code in CLOSEST if code != language.code]
    versions = (
        DocumentVersion.objects.current()
        .filter(document__topic__in=topics, language__code__in=codes)
        .select_related("document", "language")
        .prefetch_related(*LibraryLanguage.prefetch_names("language__"))
    )
    best = {}
    for version in versions:
        held = best.get(version.document_id)
        if held is None or codes.index(version.language.code) < codes.index(held.language.code):
            best[version.document_id] = version
    shelves: dict[int, list] = {}
    for version in sorted(best.values(), key=lambda v: (v.document.title, v.pk)):
        shelves.setdefault(version.document.topic_id, []).append(version)
    return shelves


def refresh_currency(document_id: int, language_id: int) -> None:
    """Make the latest version (by date, then creation) of a document in a language current.

    When the language is the source (Japanese), the document's source date
    follows, and every translation dated before it is then stale. The document
    row is locked so that two editors saving at once agree on one current version.
    """
    with transaction.atomic():
        document = LivingDocument.objects.select_for_update().get(pk=document_id)
        versions = DocumentVersion.objects.filter(document=document, language_id=language_id)
        latest = versions.order_by("-published_on", "-pk").first()
        versions.filter(is_current=True).exclude(pk=getattr(latest, "pk", None)).update(
            is_current=False
        )
        if latest is not None and not latest.is_current:
            versions.filter(pk=latest.pk).update(is_current=True)
        if LibraryLanguage.objects.filter(pk=language_id, is_source=True).exists():
            document.source_updated_on = latest.published_on if latest else None
            document.save(update_fields=["source_updated_on"])


def publish_version(document, language, *, title, body="", file=None, published_on=None):
    """Add a version of ``document`` in ``language``; it becomes current if it is the latest."""
    if not body.strip() and not file:
        raise LibraryError(_("A version needs its text, a file, or both."))
    with transaction.atomic():
        version = DocumentVersion(
            document=document,
            language=language,
            title=title,
            body=body,
            published_on=published_on or timezone.localdate(),
        )
        if file:
            version.file.save(sanitise_filename(file.name), file, save=False)
        version.save()
        refresh_currency(document.pk, language.pk)
        version.refresh_from_db()
        return version


def stale_q() -> Q:
    return Q(
        language__is_source=False,
        document__source_updated_on__isnull=False,
        published_on__lt=F("document__source_updated_on"),
    )


def coverage() -> dict:
    """HQ's topic × language matrix: per cell, current, stale and missing documents.

    Three queries: topics with their document counts, languages, and current
    versions grouped by topic and language.
    """
    topics = list(LivingTopic.objects.annotate(documents_count=Count("documents")))
    languages = list(LibraryLanguage.objects.all())
    counts = {
        (row["document__topic"], row["language"]): row
        for row in DocumentVersion.objects.current()
        .values("document__topic", "language")
        .annotate(present=Count("pk"), stale=Count("pk", filter=stale_q()))
    }
    rows = []
    for topic in topics:
        cells = []
        for language in languages:
            row = counts.get((topic.pk, language.pk), {"present": 0, "stale": 0})
            cells.append(
                {
                    "language": language,
                    "present": row["present"],
                    "stale": row["stale"],
                    "missing": topic.documents_count - row["present"],
                }
            )
        rows.append({"topic": topic, "cells": cells})
    # Not "languages": base.html names the language switcher's list so.
    return {"library_languages": languages, "rows": rows}
