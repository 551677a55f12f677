"""The sister-city app's rows of the access matrix.

The affiliations and their search are open data. Partner-seeking requests are
public once confirmed and published; their moderation belongs to HQ and, for a
request from abroad, to the office responsible for its country: the requests
here come from the United Kingdom, so London (office A) moderates them and
Paris (office B) must not see them. Survey links open their own local
government's form without an account; the survey dashboard is HQ's.
"""

from datetime import date

from clair_portal.testing.access import LOGIN, Row, everyone

PUBLIC = {
    "sistercities:search",
    "sistercities:detail",
    "sistercities:download",
    "sistercities:gaps",
    "api:affiliation-list",
    "api:affiliation-detail",
    "api:local-government-list",
    "api:local-government-detail",
    # Open data: published requests only (no contact details), projects and events.
    "api:partner-request-list",
    "api:partner-request-detail",
    "api:exchange-project-list",
    "api:exchange-project-detail",
    "api:exchange-event-list",
    "api:exchange-event-detail",
}

ANYONE = everyone(200)
MODERATORS = everyone(200, anonymous=LOGIN, participant=404, org_a=404, org_b=404)
HQ_AND_LONDON = everyone(404, anonymous=LOGIN, office_a=200, hq=200, superuser=200)
HQ_AND_LONDON_POST = everyone(404, anonymous=LOGIN, office_a=302, hq=302, superuser=302)
HQ_ONLY = everyone(404, anonymous=LOGIN, hq=200, superuser=200)
# A local government's own pages: org_a is Nagasaki City, which holds the
# affiliation and the survey invitation below; org_b (Sapporo) holds neither.
NAGASAKI = everyone(404, anonymous=LOGIN, org_a=200)
LOCAL_OFFICERS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)
NAGASAKI_POST = everyone(404, anonymous=LOGIN, org_a=302)
# Both organisations of the cast are cities: a prefecture's page is nobody's here
# (test_prefecture.py opens it as an officer of Nagasaki Prefecture).
NOBODY = everyone(404, anonymous=LOGIN)

MATRIX = {
    "sistercities:request_list": Row(ANYONE),
    "sistercities:request_submit": Row(ANYONE),
    "sistercities:request_submitted": Row(ANYONE),
    # A public draft is its visitor's, through their session: nobody else opens it
    # (test_partner_requests.py shows its visitor does).
    "sistercities:request_check": Row(everyone(404), kwargs={"pk": "{sc_public_draft}"}),
    "sistercities:request_edit": Row(everyone(404), kwargs={"pk": "{sc_public_draft}"}),
    "sistercities:request_detail": Row(ANYONE, kwargs={"pk": "{sc_published}"}),
    "sistercities:request_image": Row(
        ANYONE, kwargs={"pk": "{sc_published}", "image_pk": "{sc_published_image}"}
    ),
    "sistercities:request_confirm": Row(ANYONE, kwargs={"token": "{sc_pending_token}"}),
    "sistercities:request_renew": Row(ANYONE, kwargs={"token": "{sc_renewal_token}"}),
    "sistercities:moderation_list": Row(MODERATORS),
    "sistercities:propose_change": Row(NAGASAKI, kwargs={"pk": "{sc_affiliation}"}),
    "sistercities:propose_new": Row(LOCAL_OFFICERS),
    "sistercities:my_survey": Row(NAGASAKI),
    "sistercities:proposal_list": Row(HQ_ONLY),
    # Nagasaki City's own partner-seeking requests (sistercities.own_requests).
    "sistercities:my_requests": Row(LOCAL_OFFICERS),
    "sistercities:my_request_new": Row(LOCAL_OFFICERS),
    "sistercities:my_request": Row(NAGASAKI, kwargs={"pk": "{sc_own_published}"}),
    "sistercities:my_request_edit": Row(NAGASAKI, kwargs={"pk": "{sc_own_published}"}),
    "sistercities:my_inquiry": Row(
        NAGASAKI, kwargs={"pk": "{sc_own_published}", "inquiry_pk": "{sc_own_inquiry}"}
    ),
    "sistercities:my_request_send": Row(
        NAGASAKI_POST, kwargs={"pk": "{sc_own_draft}"}, method="post"
    ),
    "sistercities:my_request_renew": Row(
        NAGASAKI_POST, kwargs={"pk": "{sc_own_to_renew}"}, method="post"
    ),
    "sistercities:my_request_withdraw": Row(
        NAGASAKI_POST, kwargs={"pk": "{sc_own_to_withdraw}"}, method="post"
    ),
    # A change of a Japanese request is HQ's to decide, not an office's; an empty
    # decision shows HQ the list again with the error.
    "sistercities:revision_list": Row(MODERATORS),
    "sistercities:revision_decide": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{sc_own_revision}"},
        method="post",
    ),
    "sistercities:prefecture_survey": Row(NOBODY),
    # An empty decision: HQ sees the list again with the error.
    "sistercities:proposal_decide": Row(
        everyone(404, anonymous=LOGIN, hq=400, superuser=400),
        kwargs={"pk": "{sc_proposal}"},
        method="post",
    ),
    "sistercities:moderation_detail": Row(HQ_AND_LONDON, kwargs={"pk": "{sc_pending}"}),
    "sistercities:moderation_publish": Row(
        HQ_AND_LONDON_POST, kwargs={"pk": "{sc_pending}"}, method="post"
    ),
    "sistercities:moderation_reject": Row(
        HQ_AND_LONDON_POST,
        kwargs={"pk": "{sc_to_reject}"},
        method="post",
        data={"note": "Not a local government."},
    ),
    "sistercities:project_list": Row(ANYONE),
    "sistercities:project_detail": Row(ANYONE, kwargs={"pk": "{sc_project}"}),
    "sistercities:project_image": Row(
        ANYONE, kwargs={"pk": "{sc_project}", "image_pk": "{sc_project_image}"}
    ),
    "sistercities:event_list": Row(ANYONE),
    "sistercities:event_detail": Row(ANYONE, kwargs={"pk": "{sc_event}"}),
    "sistercities:event_ics": Row(ANYONE, kwargs={"pk": "{sc_event_dated}"}),
    "sistercities:survey_form": Row(ANYONE, kwargs={"token": "{sc_survey_token}"}),
    "sistercities:survey_dashboard": Row(HQ_ONLY),
}


class _Key:
    """``objects`` returns things with a ``pk``; some URLs want a token instead."""

    def __init__(self, value):
        self.pk = value


def objects(cast):
    from sistercities import own_requests, partnering, proposals
    from sistercities.tests import factories

    published = factories.partner_request(images=1, by=cast.hq)
    pending = factories.partner_request(state="pending", name="Royal Borough of Windsor")
    to_reject = factories.partner_request(state="pending", name="Not a town")
    affiliation = factories.affiliation()
    project = factories.project(affiliation, images=1)
    factories.contact("422011")
    survey = factories.open_survey(cast.hq)
    invitation = survey.invitations.get(local_government_id="422011")
    proposal = proposals.propose_change(
        cast.org_a, affiliation.pk, status="active", ended_on=None, fields=[], activities=""
    )
    own = {}
    for key in ("sc_own_published", "sc_own_to_renew", "sc_own_to_withdraw"):
        own[key] = own_requests.create_request(cast.org_a, factories.own_text(), submit=True)
        partnering.publish_request(own[key], by=cast.hq)
    own["sc_own_draft"] = own_requests.create_request(
        cast.org_a, factories.own_text(), submit=False
    )
    own["sc_own_revision"] = own_requests.change_request(
        cast.org_a, own["sc_own_published"].pk, factories.own_text(name="Nagasaki-shi")
    )
    own["sc_own_inquiry"] = partnering.send_inquiry(
        own["sc_own_published"],
        {
            "sender_name": "Jeanne",
            "organisation": "Ville de Nancy",
            "sender_email": "jeanne@nancy.example.fr",
            "message": "Bonjour.",
        },
    )
    return {
        **own,
        "sc_public_draft": partnering.save_draft(factories.request_data(), [], language="en"),
        "sc_affiliation": affiliation,
        "sc_proposal": proposal,
        "sc_published": published,
        "sc_published_image": published.images.get(),
        "sc_renewal_token": _Key(published.renewal_token),
        "sc_pending": pending,
        "sc_pending_token": _Key(pending.token),
        "sc_to_reject": to_reject,
        "sc_project": project,
        "sc_project_image": project.images.get(),
        "sc_event": factories.event(),
        "sc_event_dated": factories.event(year=2031, month=10, starts_on=date(2031, 10, 2)),
        "sc_survey_token": _Key(invitation.token),
    }
