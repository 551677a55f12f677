"""Reports made the way the portal makes them: through the services."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from offices import services
from offices.models import ReportType

# The smallest file libmagic reads as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_upload(name="activities.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def filed_report(
    user,
    period: str,
    *,
    type_code="monthly-activity",
    submit=False,
    attachments=0,
    title="Activities",
    body="What the office did this month.",
):
    report_type = ReportType.objects.get(code=type_code)
    report = services.create_report(user, report_type, date.fromisoformat(period))
    services.save_draft(user, report.pk, title=title, body=body, language="en")
    for n in range(attachments):
        services.add_attachment(user, report.pk, pdf_upload(f"annex-{n + 1}.pdf"))
    if submit:
        services.submit_report(user, report.pk)
    report.refresh_from_db()
    return report
