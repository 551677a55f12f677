import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clair_portal.security.uploads import UploadValidator, attachment_response, sanitise_filename

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "report"
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", PDF), ("photo.PNG", PNG), ("figures.xlsx", xlsx_bytes())],
)
def test_accepts_documents_whose_content_matches_their_name(name, content):
    UploadValidator()(upload(name, content))


def test_refuses_a_file_over_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        UploadValidator()(upload("big.pdf", PDF + b"0" * 2000))
    assert error.value.code == "file_too_large"
    assert "1000" in str(error.value.messages) or "1000\xa0bytes" in str(error.value.messages)


def test_refuses_html_disguised_as_a_pdf():
    with pytest.raises(ValidationError) as error:
        UploadValidator()(upload("invoice.pdf", b"<html><script>alert(1)</script></html>"))
    assert error.value.code == "file_type"


def test_refuses_a_pdf_named_as_an_image():
    with pytest.raises(ValidationError) as error:
        UploadValidator()(upload("photo.png", PDF))
    assert error.value.code == "file_extension"


def test_refuses_empty_files():
    with pytest.raises(ValidationError) as error:
        UploadValidator()(upload("empty.pdf", b""))
    assert error.value.code == "file_empty"


def test_the_message_is_translated():
    from django.utils import translation

    with translation.override("ja"):
        with pytest.raises(ValidationError) as error:
            UploadValidator()(upload("invoice.pdf", b"<html></html>"))
        assert "受け付けていない種類のファイル" in error.value.messages[0]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\報告書 2026.PDF", "報告書 2026.pdf"),
        ("a\x00b\nc.pdf", "a_b_c.pdf"),
        ("...", "file"),
        ("ｆｕｌｌｗｉｄｔｈ.pdf", "fullwidth.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_filenames_are_sanitised(given, stored):
    assert sanitise_filename(given) == stored


def test_files_go_out_as_attachments_that_are_not_sniffed():
    response = attachment_response(io.BytesIO(PDF), "報告書.pdf", "application/pdf")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%A0%B1%E5%91%8A%E6%9B%B8.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
