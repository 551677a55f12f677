"""CLAIR's publications: who may open them, publishing and withdrawing, and making one
from an accepted office report.

A draft is HQ's alone (anyone else gets 404, as for a page that is not there);
a published publication and its files are open to anyone.
"""

from collections.abc import Iterable

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clair_portal.errors import DomainError
from offices.models import (
    Language,
    Publication,
    PublicationFile,
    PublicationSeries,
    Report,
)
from offices.services.access import require_hq


class PublicationError(DomainError):
    """A change to a publication that is refused; ``message`` is translated."""


# --- Who may open what ----------------------------------------------------------


def get_publication_for_user(user, publication_id: int) -> Publication:
    """The publication if it is published, or ``user`` is HQ; else 404."""
    return get_object_or_404(
        Publication.objects.for_user(user).select_related("series", "office"), pk=publication_id
    )


def get_publication_file_for_user(user, publication_id: int, file_id: int) -> PublicationFile:
    """One file of a publication ``user`` may open; else 404."""
    publication = get_publication_for_user(user, publication_id)
    return get_object_or_404(publication.files.all(), pk=file_id)


# --- Publishing -------------------------------------------------------------------


def _locked(publication_id: int) -> Publication:
    return Publication.objects.select_for_update().get(pk=publication_id)


def publish(user, publication_id: int) -> Publication:
    """Publish a draft: from now on anyone sees it, its files and its entry in the feed.

    Preconditions: ``user`` is HQ; the publication is a draft with a title, a summary
    and something to read (a file or its text).
    """
    require_hq(user)
    with transaction.atomic():
        publication = _locked(publication_id)
        if publication.is_published:
            raise PublicationError(_("This publication has already been published."))
        if not publication.title or not publication.summary:
            raise PublicationError(_("A publication needs its title and summary."))
        if not publication.body and not publication.files.exists():
            raise PublicationError(_("Attach a file or write the text before publishing."))
        publication.state = Publication.State.PUBLISHED
        publication.published_at = timezone.now()
        publication.save(update_fields=["state", "published_at", "updated_at"])
    return publication


def withdraw(user, publication_id: int) -> Publication:
    """Take a published publication back to draft: it and its files leave the public pages."""
    require_hq(user)
    with transaction.atomic():
        publication = _locked(publication_id)
        if not publication.is_published:
            raise PublicationError(_("Only a published publication can be withdrawn."))
        publication.state = Publication.State.DRAFT
        publication.published_at = None
        publication.save(update_fields=["state", "published_at", "updated_at"])
    return publication


def add_file_languages(publication: Publication) -> None:
    """Add each file's language to the publication's languages (after the admin saved them)."""
    found = set(publication.files.values_list("language", flat=True))
    missing = sorted(found - set(publication.languages))
    if missing:
        publication.languages = [*publication.languages, *missing]
        publication.save(update_fields=["languages", "updated_at"])


# --- From an office report ------------------------------------------------------------


def first_paragraph(text: str, limit: int = 600) -> str:
    """The report's opening paragraph, for the summary HQ starts from."""
    paragraph = (text or "").strip().split("\n\n")[0].strip()
    return paragraph if len(paragraph) <= limit else paragraph[: limit - 1].rstrip() + "…"


def publish_report(
    user,
    report_id: int,
    *,
    series: PublicationSeries,
    summary: str,
    attachment_ids: Iterable[int] = (),
    topics: Iterable[str] = (),
    countries: Iterable[str] | None = None,
    publish_now: bool = True,
    is_demo: bool = False,
) -> Publication:
    """Make an accepted office report a publication, in one step, naming its office.

    Preconditions: ``user`` is HQ; the report is accepted and not yet a publication;
    every attachment chosen is the report's own. The report's title and text become
    the publication's, in the language it was written in; the chosen attachments are
    copied (the report keeps its own). The countries default to the office's. With
    ``publish_now`` it is published at once, else it waits as a draft. A refusal, or
    any failure, leaves no publication and no copied file.
    """
    require_hq(user)
    summary = (summary or "").strip()
    if not summary:
        raise PublicationError(_("Write the summary readers see in the list."), field="summary")
    stored = []
    try:
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(of=("self",))
                .select_related("office", "report_type")
                .get(pk=report_id)
            )
            if report.state != Report.State.ACCEPTED:
                raise PublicationError(_("Only a report HQ has accepted can be published."))
            if Publication.objects.filter(source_report=report).exists():
                raise PublicationError(_("This report has already been made a publication."))
            wanted = set(attachment_ids)
            attachments = list(report.attachments.filter(pk__in=wanted))
            if len(attachments) != len(wanted):
                raise PublicationError(
                    _("Choose among this report's own attachments."), field="attachments"
                )
            language = report.language if report.language in Language.values else "ja"
            publication = Publication(
                series=series,
                year=timezone.localdate(report.accepted_at).year,
                languages=[language],
                topics=list(topics),
                countries=list(report.office.countries if countries is None else countries),
                office=report.office,
                source_report=report,
                created_by=user,
                is_demo=is_demo or report.is_demo,
            )
            # In the report's language only: the other falls back to it until HQ translates.
            for field, value in (
                ("title", report.title),
                ("summary", summary),
                ("body", report.body),
            ):
                setattr(publication, f"{field}_{language}", value)
            publication.save()
            for n, attachment in enumerate(attachments):
                copy = PublicationFile(
                    publication=publication,
                    language=language,
                    filename=attachment.filename,
                    content_type=attachment.content_type,
                    size=attachment.size,
                    sort_order=n,
                )
                with attachment.file.open("rb") as source:
                    copy.file.save(attachment.filename, source, save=False)
                stored.append((copy.file.storage, copy.file.name))
                copy.save()
            if publish_now:
                publication = publish(user, publication.pk)
            return publication
    except BaseException:
        # The rows are rolled back; the copies, written to storage, are not.
        for storage, name in stored:
            storage.delete(name)
        raise
