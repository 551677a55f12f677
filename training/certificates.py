"""Attendance and completion certificates.

HQ records who attended a course or seminar once it has begun; a batch job
(``training.tasks.make_certificates``) then makes one PDF per participant who
attended, in the participant's language, with the Japanese font embedded
(``clair_portal.pdf``). Each certificate is made once: the job claims each row
under a lock and skips rows another worker holds, so running it twice makes
nothing twice.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from clair_portal import pdf
from clair_portal.dates import day
from clair_portal.notifications.services import notify
from clair_portal.outbox.services import enqueue
from training.models import Application, Course, OverseasApplication
from training.services import TrainingError, require_hq


def participants(course):
    """The course's selected participants (officers' applications, or those from abroad)."""
    model = OverseasApplication if course.for_abroad else Application
    rows = model.objects.filter(course=course, state=model.State.SELECTED)
    if model is Application:
        rows = rows.select_related("applicant", "organisation__local_government")
    return rows.order_by("pk")


def record_attendance(user, course_id: int, attended: set[int]) -> int:
    """HQ records who attended (the ids in ``attended``) and who did not (the others).

    Preconditions: the course has begun. A certificate made for someone now
    recorded absent is withdrawn. Returns how many attended.
    """
    require_hq(user)
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course_id)
        if course.starts_on > timezone.localdate():
            raise TrainingError(_("Attendance is recorded once the course has begun."))
        now = timezone.now()
        count = 0
        for row in participants(course).select_for_update(of=("self",)):
            present = row.pk in attended
            count += present
            if row.attended == present:
                continue
            row.attended = present
            row.attendance_recorded_at = now
            row.attendance_recorded_by = user
            if not present and row.certificate:
                row.certificate.delete(save=False)
                row.certificate_made_at = None
            row.save()
        return count


def request_certificates(user, course_id: int) -> int:
    """HQ asks for the certificates of everyone recorded as attending; the batch job makes
    them after commit. Returns how many are to be made."""
    require_hq(user)
    course = get_object_or_404(Course, pk=course_id)
    due = participants(course).filter(attended=True, certificate_made_at__isnull=True).count()
    if not due:
        raise TrainingError(_("Nobody recorded as attending is waiting for a certificate."))
    from training.tasks import make_certificates

    enqueue(make_certificates, course.pk)
    return due


def make_certificates(course_id: int) -> int:
    """Make the missing certificates of ``course_id``'s attendees, one row at a time.

    Each row is locked (``SKIP LOCKED``: a row another worker is making is left to
    it) and checked again, so a certificate is made once. Returns how many made.
    """
    course = Course.objects.get(pk=course_id)
    model = OverseasApplication if course.for_abroad else Application
    made = 0
    while True:
        with transaction.atomic():
            row = (
                model.objects.select_for_update(skip_locked=True)
                .filter(
                    course=course,
                    state=model.State.SELECTED,
                    attended=True,
                    certificate_made_at__isnull=True,
                )
                .order_by("pk")
                .first()
            )
            if row is None:
                return made
            content = render(row)
            row.certificate.save(
                f"certificate-{course.pk}-{row.pk}.pdf", ContentFile(content), save=False
            )
            row.certificate_made_at = timezone.now()
            row.save(update_fields=["certificate", "certificate_made_at"])
            if model is Application:
                notify(
                    row.applicant,
                    event_key=f"training-application-{row.pk}-certificate",
                    subject=format_lazy(
                        gettext_lazy("Your certificate: {course}"), course=course.title
                    ),
                    body=gettext_lazy("Your certificate of completion is ready to download."),
                    url=reverse_lazy("training:application", kwargs={"pk": row.pk}),
                )
            made += 1


def language_of(row) -> str:
    """The certificate's language: the officer's account's, or the one the official applied in."""
    if isinstance(row, Application):
        return row.applicant.language or "ja"
    return row.language


def holder(row) -> tuple[str, str]:
    """(name, organisation) of the certificate's holder, in the active language."""
    if isinstance(row, Application):
        user = row.applicant
        return user.full_name or user.email, str(row.organisation)
    return row.full_name, f"{row.local_government} ({row.country.name})"


def render(row) -> bytes:
    """The certificate of ``row`` as a PDF, in its holder's language."""
    language = language_of(row)
    course = row.course
    with translation.override(language):
        name, organisation = holder(row)
        title = _("Certificate of Completion")
        document = pdf.document(
            title=f"{title}: {name}",
            author=_("Council of Local Authorities for International Relations (CLAIR)"),
            language=language,
            landscape=True,
        )
        document.add_page()
        width = document.w - 2 * 25
        document.set_draw_color(60, 60, 60)
        document.set_line_width(0.8)
        document.rect(12, 12, document.w - 24, document.h - 24)
        document.set_xy(25, 32)
        document.set_font(pdf.FONT, size=30)
        document.cell(width, 16, title, align="C", new_x="LMARGIN", new_y="NEXT")
        document.ln(8)
        document.set_x(25)
        document.set_font(pdf.FONT, size=14)
        document.cell(width, 9, organisation, align="C", new_x="LMARGIN", new_y="NEXT")
        document.set_x(25)
        document.set_font(pdf.FONT, size=24)
        document.cell(
            width,
            14,
            # Japanese certificates address the holder: 「長崎 市子 殿」.
            pgettext("certificate holder", "%(name)s") % {"name": name},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        document.ln(8)
        document.set_x(30)
        document.set_font(pdf.FONT, size=14)
        document.multi_cell(
            width - 10,
            9,
            _(
                "This is to certify that the above completed “%(course)s”, held from %(start)s to %(end)s."
            )
            % {"course": course.title, "start": day(course.starts_on), "end": day(course.ends_on)},
            align="C",
        )
        document.set_xy(25, document.h - 60)
        document.set_font(pdf.FONT, size=12)
        document.cell(
            width,
            8,
            day(row.certificate_made_at or timezone.now()),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        document.set_x(25)
        document.set_font(pdf.FONT, size=16)
        document.cell(
            width,
            10,
            _("Council of Local Authorities for International Relations (CLAIR)"),
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        document.set_x(25)
        document.set_font(pdf.FONT, size=9)
        document.cell(
            width,
            6,
            _("Certificate no. %(number)s") % {"number": f"{course.pk}-{row.pk}"},
            align="R",
        )
        return pdf.as_bytes(document)


def get_certificate_for_user(user, application_id: int) -> Application:
    """An officer's application with its certificate, for whoever may read it; else 404."""
    from training.services import get_application_for_user

    application = get_application_for_user(user, application_id)
    if not application.certificate:
        raise Http404("No certificate yet.")
    return application
