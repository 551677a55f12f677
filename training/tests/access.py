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
    # The seminars' public form, for officials abroad without an account.
    "training:seminar_apply",
    "training:seminar_sent",
}

HQ_ONLY = everyone(404, anonymous=LOGIN, hq=200, superuser=200)
OFFICERS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)
NOBODY = everyone(404, anonymous=LOGIN)
ANYONE = everyone(200)
# A seminar application from the United Kingdom goes to the London office (office A).
HQ_AND_LONDON = everyone(404, anonymous=LOGIN, office_a=200, hq=200, superuser=200)
OFFICES_AND_HQ = everyone(404, anonymous=LOGIN, office_a=200, office_b=200, hq=200, superuser=200)

MATRIX = {
    "training:apply": Row(OFFICERS, kwargs={"pk": "{training_course}"}),
    "training:applications": Row(OFFICERS),
    "training:application": Row(HQ_ONLY, kwargs={"pk": "{training_application}"}),
    "training:endorse": Row(NOBODY, kwargs={"pk": "{training_application}"}, method="post"),
    "training:withdraw": Row(NOBODY, kwargs={"pk": "{training_application}"}, method="post"),
    "training:course_applications": Row(HQ_ONLY, kwargs={"pk": "{training_course}"}),
    "training:decisions": Row(HQ_ONLY),
    "training:attendance": Row(HQ_ONLY, kwargs={"pk": "{training_course}"}),
    # Nobody attended the course yet: HQ is sent back with the refusal.
    "training:make_certificates": Row(
        everyone(404, anonymous=LOGIN, hq=302, superuser=302),
        kwargs={"pk": "{training_course}"},
        method="post",
    ),
    "training:certificate": Row(HQ_ONLY, kwargs={"pk": "{training_certified}"}),
    "training:overseas_certificate": Row(HQ_ONLY, kwargs={"pk": "{training_participant}"}),
    "training:participant_certificate": Row(
        ANYONE, kwargs={"token": "{training_participant_token}"}
    ),
    # An empty form: HQ sees the page again with the errors.
    "training:decide": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{training_application}"},
        method="post",
    ),
    "training:claims": Row(
        everyone(404, anonymous=LOGIN, org_a=200, org_b=200, hq=200, superuser=200)
    ),
    "training:claim_new": Row(OFFICERS, kwargs={"programme_id": "{training_subsidy}"}),
    "training:claim": Row(HQ_ONLY, kwargs={"pk": "{training_claim}"}),
    "training:claim_receipt": Row(
        HQ_ONLY, kwargs={"pk": "{training_claim}", "receipt_id": "{training_receipt}"}
    ),
    "training:claim_decide": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{training_claim}"},
        method="post",
    ),
    "training:claim_pay": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{training_claim}"},
        method="post",
    ),
    "training:subsidy_dashboard": Row(HQ_ONLY),
    "training:history": Row(OFFICERS),
    "training:figures": Row(HQ_ONLY),
    # Links that are credentials: anyone holding one opens the page.
    "training:seminar_confirm": Row(ANYONE, kwargs={"token": "{training_confirm_token}"}),
    "training:participant": Row(ANYONE, kwargs={"token": "{training_participant_token}"}),
    "training:overseas_applications": Row(OFFICES_AND_HQ),
    "training:overseas_application": Row(HQ_AND_LONDON, kwargs={"pk": "{training_overseas}"}),
    # Empty forms: those who may answer see the page again with the errors.
    "training:overseas_answer": Row(
        everyone(404, anonymous=LOGIN, office_a=400),
        kwargs={"pk": "{training_overseas}"},
        method="post",
    ),
    "training:overseas_decide": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{training_overseas}"},
        method="post",
    ),
    "training:overseas_cancel": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{training_overseas}"},
        method="post",
    ),
    "training:task_done": Row(
        everyone(404, anonymous=LOGIN, hq=302, superuser=302),
        kwargs={"pk": "{training_participant}", "task_id": "{training_task}"},
        method="post",
    ),
}


class _Key:
    """``objects`` returns things with a ``pk``; some URLs want a token instead."""

    def __init__(self, value):
        self.pk = value


def objects(cast):
    from training import services
    from training.tests import factories

    officer = factories.officer("matrix.training@example.org")
    course = factories.course()
    application = services.apply(officer, course.pk, motivation="To learn.")
    # An approver's own application is endorsed at once: selected, attended, certified.
    certified_officer = factories.officer("matrix.certified@example.org")
    factories.approver(certified_officer)
    other_course = factories.course()
    certified = services.select(
        cast.hq, services.apply(certified_officer, other_course.pk, motivation="To lead.").pk
    )
    factories.attended_with_certificate(certified, hq=cast.hq)
    seminar = factories.course(audience="abroad", capacity=5)
    overseas = factories.overseas(seminar, country="GB")
    unconfirmed = factories.overseas(seminar, country="GB", confirm=False)
    participant = factories.selected_participant(seminar, hq=cast.hq)
    factories.attended_with_certificate(participant, hq=cast.hq)
    subsidy = factories.subsidy_programme()
    claim = factories.claim(officer, subsidy)
    return {
        "training_subsidy": subsidy,
        "training_claim": claim,
        "training_receipt": claim.receipts.get(),
        "training_course": course,
        "training_application": application,
        "training_overseas": overseas,
        "training_confirm_token": _Key(unconfirmed.token),
        "training_participant": participant,
        "training_participant_token": _Key(participant.participant_token),
        "training_task": participant.tasks.first(),
        "training_certified": certified,
    }
