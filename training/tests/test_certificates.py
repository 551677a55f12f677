"""Attendance and certificates: a PDF per participant in their language, made once by the
batch job, with the Japanese font embedded and rendering (checked with poppler)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from training import certificates, services
from training.tests import factories

pytestmark = pytest.mark.django_db


def _selected(people, course):
    application = factories.endorsed(people.officer, course, approver_user=people.approver)
    return services.select(people.hq, application.pk)


def _poppler(tmp_path: Path, content: bytes):
    if shutil.which("pdftoppm") is None:
        # As the browser tests do: skipped on a machine without the tool, failed in CI.
        reason = "poppler-utils (pdftoppm, pdffonts, pdftotext) is not installed"
        if os.environ.get("CLAIR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CLAIR_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(path), str(tmp_path / "page")],
        check=True,
    )
    return fonts.stdout, text.stdout, Image.open(tmp_path / "page.png").convert("L")


def test_attendance_waits_for_the_course_to_begin(people):
    course = factories.course()
    application = _selected(people, course)
    with pytest.raises(services.TrainingError, match="begun"):
        certificates.record_attendance(people.hq, course.pk, {application.pk})


def test_a_japanese_certificate_embeds_its_font_and_renders_the_name(people, tmp_path):
    # The Nagasaki officer's account is in Japanese; a name with a variant kanji.
    people.officer.full_name = "髙橋 長崎"
    people.officer.save()
    course = factories.course()
    application = factories.attended_with_certificate(_selected(people, course), hq=people.hq)
    assert application.certificate_made_at is not None
    fonts, text, page = _poppler(tmp_path, application.certificate.read())
    embedded = [line for line in fonts.splitlines() if "NotoSansCJKJP" in line]
    assert embedded and all(" yes yes yes " in line for line in embedded)
    assert "修了証書" in text
    assert "髙橋 長崎 殿" in text
    assert "長崎市" in text  # the organisation, in Japanese
    assert "地方自治体幹部のための国際政策研修" in text
    # The page is drawn: ink on a white page, the name's line not blank, no missing glyph.
    width, height = page.size
    assert page.getpixel((2, 2)) > 240
    name_band = page.crop((0, int(height * 0.30), width, int(height * 0.45)))
    dark = sum(1 for value in name_band.tobytes() if value < 128)
    assert dark > 200


def test_an_english_certificate_for_an_officer_in_english(people, tmp_path):
    course = factories.course()
    application = factories.endorsed(people.colleague, course, approver_user=people.approver)
    services.select(people.hq, application.pk)
    application = factories.attended_with_certificate(application, hq=people.hq)
    _fonts, text, _page = _poppler(tmp_path, application.certificate.read())
    assert "Certificate of Completion" in text
    assert "Nagasaki Colleague" in text
    assert "International policy for local government leaders" in text


def test_the_batch_job_makes_each_certificate_once_and_skips_the_absent(people):
    course = factories.course(capacity=5)
    present = _selected(people, course)
    absent = services.select(
        people.hq,
        factories.endorsed(people.colleague, course, approver_user=people.approver).pk,
    )
    factories.attended_with_certificate(present, hq=people.hq)
    present.refresh_from_db()
    first = present.certificate.name
    assert certificates.make_certificates(course.pk) == 0
    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.certificate.name == first
    assert absent.attended is False and not absent.certificate
    # Recorded absent after all: the certificate is withdrawn.
    certificates.record_attendance(people.hq, course.pk, set())
    present.refresh_from_db()
    assert not present.certificate and present.certificate_made_at is None


def test_hq_records_attendance_on_the_page_and_the_officer_downloads(
    client, people, django_capture_on_commit_callbacks
):
    course = factories.course()
    application = _selected(people, course)
    factories.attended_with_certificate(application, hq=people.hq)  # moves the course back
    certificates.record_attendance(people.hq, course.pk, set())
    client.force_login(people.hq)
    url = reverse("training:attendance", args=[course.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"attended": [application.pk]}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("training:make_certificates", args=[course.pk]))
    application.refresh_from_db()
    assert application.certificate
    client.force_login(people.officer)
    response = client.get(reverse("training:certificate", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(people.other)
    assert client.get(reverse("training:certificate", args=[application.pk])).status_code == 404


def test_a_seminar_participant_gets_their_certificate_by_their_link(client, cast, tmp_path):
    seminar = factories.course(audience="abroad")
    participant = factories.selected_participant(seminar, hq=cast.hq)
    participant.language = "ja"
    participant.save()
    participant = factories.attended_with_certificate(participant, hq=cast.hq)
    response = client.get(
        reverse("training:participant_certificate", args=[participant.participant_token])
    )
    assert response.status_code == 200
    _fonts, text, _page = _poppler(tmp_path, b"".join(response.streaming_content))
    assert "修了証書" in text and "イギリス" in text  # the country in Japanese
