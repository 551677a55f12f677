"""The multicultural app's rows of the access matrix (tests/test_access_inventory.py).

Grant objects belong to an officer of Nagaoka City, outside the standing cast, so
every cast member but HQ gets 404 for them, exactly like a missing object; the
cast's officers of Nagasaki and Sapporo may apply, so their own lists open.
The library and the association registry are public.
"""

from clair_portal.testing.access import LOGIN, Row, everyone

PUBLIC = {
    "multicultural:index",
    "multicultural:associations",
    "multicultural:library",
    "multicultural:library_version",
    "multicultural:library_file",
    # Open data: the library's index of current versions.
    "api:library-entry-list",
    "api:library-entry-detail",
}

HQ_ONLY = everyone(404, anonymous=LOGIN, hq=200, superuser=200)
APPLICANT_ONLY = everyone(404, anonymous=LOGIN)
OFFICERS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)

MATRIX = {
    "multicultural:applications": Row(OFFICERS),
    "multicultural:apply": Row(OFFICERS, kwargs={"programme_id": "{grant_programme}"}),
    "multicultural:application": Row(HQ_ONLY, kwargs={"pk": "{grant_application}"}),
    "multicultural:edit": Row(APPLICANT_ONLY, kwargs={"pk": "{grant_application}"}),
    "multicultural:upload": Row(
        APPLICANT_ONLY, kwargs={"pk": "{grant_application}"}, method="post"
    ),
    "multicultural:attachment": Row(
        HQ_ONLY, kwargs={"pk": "{grant_application}", "attachment_id": "{grant_attachment}"}
    ),
    # GET checks the answers; POST submits (multicultural/tests/test_check_answers.py).
    "multicultural:submit": Row(APPLICANT_ONLY, kwargs={"pk": "{grant_application}"}),
    "multicultural:completion": Row(
        APPLICANT_ONLY, kwargs={"pk": "{grant_application}"}, method="post"
    ),
    "multicultural:review_list": Row(HQ_ONLY),
    "multicultural:dashboard": Row(HQ_ONLY),
    "multicultural:coverage": Row(HQ_ONLY),
    # An empty form: HQ sees the page again with the errors.
    "multicultural:review": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{grant_application}"},
        method="post",
    ),
    "multicultural:decide": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{grant_application}"},
        method="post",
    ),
    "multicultural:disburse": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{grant_application}"},
        method="post",
    ),
}


def objects(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from multicultural import services
    from multicultural.tests import factories

    officer = factories.officer("matrix.officer@example.org", local_government=factories.NAGAOKA)
    grant = factories.programme()
    application = factories.draft(officer, grant)
    attachment = services.add_attachment(
        officer,
        application.pk,
        SimpleUploadedFile("budget.png", factories.PNG, content_type="image/png"),
    )
    return {
        "grant_programme": grant,
        "grant_application": application,
        "grant_attachment": attachment,
    }
