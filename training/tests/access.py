"""The training app's rows of the access matrix (tests/test_access_inventory.py).

The application belongs to an officer of Nagaoka City, outside the standing cast,
so every cast member but HQ gets 404 for it, exactly like a missing object. The
cast's officers of Nagasaki and Sapporo may apply, so their own lists open;
neither is an approver, so endorsing answers 404 to everyone.
"""

from clair_portal.testing.access import LOGIN, Row, everyone

PUBLIC = {
    "training:index",
    "training:course",
}

HQ_ONLY = everyone(404, anonymous=LOGIN, hq=200, superuser=200)
OFFICERS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)
NOBODY = everyone(404, anonymous=LOGIN)

MATRIX = {
    "training:apply": Row(OFFICERS, kwargs={"pk": "{training_course}"}),
    "training:applications": Row(OFFICERS),
    "training:application": Row(HQ_ONLY, kwargs={"pk": "{training_application}"}),
    "training:endorse": Row(NOBODY, kwargs={"pk": "{training_application}"}, method="post"),
    "training:withdraw": Row(NOBODY, kwargs={"pk": "{training_application}"}, method="post"),
    "training:course_applications": Row(HQ_ONLY, kwargs={"pk": "{training_course}"}),
    "training:decisions": Row(HQ_ONLY),
    # An empty form: HQ sees the page again with the errors.
    "training:decide": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{training_application}"},
        method="post",
    ),
}


def objects(cast):
    from training import services
    from training.tests import factories

    officer = factories.officer("matrix.training@example.org")
    course = factories.course()
    application = services.apply(officer, course.pk, motivation="To learn.")
    return {"training_course": course, "training_application": application}
