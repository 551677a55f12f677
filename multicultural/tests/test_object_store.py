"""An applicant's upload goes to the object store and comes back through the portal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from multicultural.tests import factories

pytestmark = pytest.mark.django_db


def test_an_attachment_is_stored_in_the_object_store_and_downloaded_by_its_applicant(
    object_store, client, grants, settings
):
    application = factories.draft(grants.applicant_a, grants.programme)
    client.force_login(grants.applicant_a)

    upload = SimpleUploadedFile("plan.png", factories.PNG, content_type="image/png")
    response = client.post(
        reverse("multicultural:upload", args=[application.pk]), {"upload-file": upload}
    )

    assert response.status_code == 302
    attachment = application.attachments.get()
    assert object_store.names() == [attachment.file.name]
    assert object_store.read(attachment.file.name) == factories.PNG
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]

    url = reverse("multicultural:attachment", args=[application.pk, attachment.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == factories.PNG

    client.force_login(grants.applicant_b)
    assert client.get(url).status_code == 404
