"""CLAIR's publications, public: the searchable list, a publication's page, its files,
the Atom feed; and HQ's one step from an accepted office report to a publication.

A draft answers 404 to anyone but HQ, its files too (``services.get_publication_for_user``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clair_portal.errors import show_refusals
from clair_portal.security.ratelimit import limit_reads
from clair_portal.security.uploads import attachment_response
from offices import services
from offices.models import Publication, Report
from offices.publication_forms import PublicationSearchForm, PublishReportForm

PAGE_SIZE = 20
FEED_SIZE = 30


@limit_reads
def publication_list(request):
    """Published publications, newest first, searched in any script and filtered.

    Queries: the series and office choices, the count, the page with its series and
    office, and the page's files (for their languages).
    """
    form = PublicationSearchForm(request.GET)
    publications = Publication.objects.published().listing()
    status = 200
    if form.is_valid():
        publications = form.filter(publications)
    else:
        status, publications = 400, publications.none()
    page = Paginator(publications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offices/publications/list.html",
        {"form": form, "page": page, "shows_demo": any(p.is_demo for p in page.object_list)},
        status=status,
    )


def publication_detail(request, publication_id):
    publication = services.get_publication_for_user(request.user, publication_id)
    return render(
        request,
        "offices/publications/detail.html",
        {
            "publication": publication,
            "files": list(publication.files.all()),
            "shows_demo": publication.is_demo,
        },
    )


def publication_file(request, publication_id, file_id):
    """A publication's file: to anyone once it is published, to HQ only while a draft."""
    found = services.get_publication_file_for_user(request.user, publication_id, file_id)
    return attachment_response(found.file.open("rb"), found.filename, found.content_type)


class PublicationFeed(Feed):
    """The newest publications as Atom, in the language of the address."""

    feed_type = Atom1Feed
    title = gettext_lazy("CLAIR publications")
    subtitle = gettext_lazy(
        "Publications and research of the Council of Local Authorities for International "
        "Relations (CLAIR)."
    )

    def link(self):
        return reverse("publications:list")

    def items(self):
        return Publication.objects.published().listing()[:FEED_SIZE]

    def item_title(self, item):
        return str(item.title)

    def item_description(self, item):
        return str(item.summary)

    def item_link(self, item):
        return reverse("publications:detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return str(item.office) if item.office_id else _("CLAIR")

    def item_categories(self, item):
        return [str(item.series), *item.topic_labels()]


publication_feed = PublicationFeed()


# --- HQ: an accepted office report becomes a publication ------------------------------


@login_required
def publish_report(request, report_id):
    """HQ chooses the series, summary, topics and attachments; the report is then published."""
    report = services.get_report_for_review(request.user, report_id)
    if report.state != Report.State.ACCEPTED:
        messages.error(request, _("Only a report HQ has accepted can be published."))
        return redirect("offices:report-detail", report_id=report.pk)
    existing = Publication.objects.filter(source_report=report).first()
    if existing is not None:
        messages.info(request, _("This report has already been made a publication."))
        return redirect("publications:detail", publication_id=existing.pk)
    initial = {
        "summary": services.first_paragraph(report.body),
        "attachments": [str(a.pk) for a in report.attachments.all()],
    }
    form = PublishReportForm(request.POST or None, report=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with show_refusals(request, form=form):
            publication = services.publish_report(
                request.user,
                report.pk,
                series=data["series"],
                summary=data["summary"],
                attachment_ids=[int(pk) for pk in data["attachments"]],
                topics=data["topics"],
                publish_now=data["publish_now"],
            )
            messages.success(
                request,
                _("The report has been published.")
                if publication.is_published
                else _("The report has been saved as a draft publication."),
            )
            return redirect("publications:detail", publication_id=publication.pk)
    return render(
        request,
        "offices/publications/from_report.html",
        {"report": report, "form": form, "demo_records": report.is_demo},
        status=400 if form.is_bound and form.errors else 200,
    )
