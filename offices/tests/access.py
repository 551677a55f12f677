from clair_portal.testing.access import LOGIN, Row, everyone

PUBLIC = {
    "offices:directory",
    "offices:contact",
    "api:office-list",
    "api:office-detail",
}

# A report belongs to London (office_a): to Paris it looks missing, like to anyone else
# but HQ. Office actions are the office's alone; review pages are HQ's alone.
OFFICE_OR_HQ = everyone(404, anonymous=LOGIN, office_a=200, hq=200, superuser=200)
OWN_OFFICE = everyone(404, anonymous=LOGIN, office_a=200)
OWN_OFFICE_ACTION = everyone(404, anonymous=LOGIN, office_a=302)
ANY_OFFICE = everyone(404, anonymous=LOGIN, office_a=200, office_b=200)
HQ_ONLY = everyone(404, anonymous=LOGIN, hq=200, superuser=200)
# Both reviewers are let through; the second finds the report already moved on and is
# told so on the report's page (a redirect either way).
HQ_ACTION = everyone(404, anonymous=LOGIN, hq=302, superuser=302)

# The desk: a request of Nagasaki City (org_a) routed to London (office_a). The local
# government's pages are its officers'; the desk's steps are London's; HQ reads every
# request sent and answers those routed to headquarters; anyone else finds nothing.
OFFICERS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)
OWN_REQUEST = everyone(404, anonymous=LOGIN, org_a=200)
OWN_REQUEST_ACTION = everyone(404, anonymous=LOGIN, org_a=302)
REQUEST_READERS = everyone(404, anonymous=LOGIN, org_a=200, office_a=200, hq=200, superuser=200)
DESK_ACTION = everyone(404, anonymous=LOGIN, office_a=302)
ON_A_DESK = everyone(404, anonymous=LOGIN, office_a=200, office_b=200, hq=200, superuser=200)
ON_A_DESK_ACTION = everyone(404, anonymous=LOGIN, office_a=302, office_b=302, hq=302, superuser=302)
MEETING = {
    "counterpart": "Westminster City Council",
    "place": "City Hall",
    "day": "2027-02-09",
    "start_time": "10:00",
    "end_time": "11:00",
}

MATRIX = {
    "offices:request-list": Row(
        everyone(302, anonymous=LOGIN, participant=404, org_a=200, org_b=200)
    ),
    "offices:request-new": Row(OFFICERS),
    "offices:request-detail": Row(REQUEST_READERS, kwargs={"pk": "{assistance}"}),
    "offices:request-attachment": Row(
        REQUEST_READERS,
        kwargs={"pk": "{assistance}", "attachment_id": "{assistance_attachment}"},
    ),
    "offices:request-edit": Row(OWN_REQUEST, kwargs={"pk": "{assistance_draft}"}),
    "offices:request-check": Row(OWN_REQUEST, kwargs={"pk": "{assistance_draft}"}),
    "offices:request-attachment-remove": Row(
        OWN_REQUEST_ACTION,
        kwargs={"pk": "{assistance_draft}", "attachment_id": "{assistance_draft_attachment}"},
        method="post",
    ),
    "offices:request-answer": Row(
        OWN_REQUEST_ACTION,
        kwargs={"pk": "{assistance_info}"},
        method="post",
        data={"answer": "Five people, the mayor among them."},
    ),
    "offices:request-rate": Row(
        OWN_REQUEST_ACTION,
        kwargs={"pk": "{assistance_completed}"},
        method="post",
        data={"rating": "4"},
    ),
    "offices:request-accept": Row(DESK_ACTION, kwargs={"pk": "{request_to_accept}"}, method="post"),
    "offices:request-decline": Row(
        DESK_ACTION,
        kwargs={"pk": "{request_to_decline}"},
        method="post",
        data={"reason": "Too soon."},
    ),
    "offices:request-ask": Row(
        DESK_ACTION,
        kwargs={"pk": "{request_to_ask}"},
        method="post",
        data={"question": "Who travels?"},
    ),
    "offices:request-assign": Row(DESK_ACTION, kwargs={"pk": "{assistance}"}, method="post"),
    "offices:request-meeting": Row(
        DESK_ACTION, kwargs={"pk": "{assistance_accepted}"}, method="post", data=MEETING
    ),
    "offices:request-complete": Row(
        DESK_ACTION,
        kwargs={"pk": "{request_to_complete}"},
        method="post",
        data={"summary": "Two meetings held."},
    ),
    "offices:desk": Row(ON_A_DESK),
    "offices:desk-overview": Row(HQ_ONLY),
    "offices:desk-calendar": Row(ON_A_DESK),
    "offices:desk-calendar-revoke": Row(ON_A_DESK_ACTION, method="post"),
    # The secret address is the credential: whoever holds it reads the office's visits.
    "offices:desk-calendar-feed": Row(everyone(200), kwargs={"token": "{desk_feed}"}),
    # What CLAIR is, from the booklet: the same page for everyone.
    "about:index": Row(everyone(200)),
    # Publications: a published one and its files are anyone's; a draft is HQ's alone.
    "publications:list": Row(everyone(200)),
    "publications:feed": Row(everyone(200)),
    "publications:detail": Row(everyone(200), kwargs={"publication_id": "{publication}"}),
    "publications:file": Row(
        everyone(200), kwargs={"publication_id": "{publication}", "file_id": "{publication_file}"}
    ),
    "offices:report-publish": Row(HQ_ONLY, kwargs={"report_id": "{accepted}"}),
    # HQ reviewers have no office: their way in is the review list.
    "offices:report-dashboard": Row(
        everyone(404, anonymous=LOGIN, office_a=200, office_b=200, hq=302, superuser=302)
    ),
    "offices:report-new": Row(ANY_OFFICE),
    "offices:report-review": Row(HQ_ONLY),
    "offices:report-rate": Row(HQ_ONLY),
    "offices:report-consolidated": Row(HQ_ONLY),
    "offices:report-detail": Row(OFFICE_OR_HQ, kwargs={"report_id": "{report}"}),
    "offices:report-history": Row(OFFICE_OR_HQ, kwargs={"report_id": "{report}"}),
    "offices:report-attachment": Row(
        OFFICE_OR_HQ, kwargs={"report_id": "{report}", "attachment_id": "{attachment}"}
    ),
    "offices:report-edit": Row(OWN_OFFICE, kwargs={"report_id": "{draft}"}),
    "offices:report-check": Row(OWN_OFFICE, kwargs={"report_id": "{draft}"}),
    "offices:report-attachment-remove": Row(
        OWN_OFFICE_ACTION,
        kwargs={"report_id": "{draft}", "attachment_id": "{draft_attachment}"},
        method="post",
    ),
    "offices:report-submit": Row(OWN_OFFICE_ACTION, kwargs={"report_id": "{draft}"}, method="post"),
    "offices:report-return": Row(
        HQ_ACTION, kwargs={"report_id": "{report}"}, method="post", data={"comment": "Add figures."}
    ),
    "offices:report-accept": Row(HQ_ACTION, kwargs={"report_id": "{to_accept}"}, method="post"),
}


def objects(cast):
    from offices import desk_calendar, services
    from offices.services import desk
    from offices.tests import desk_factories as ask
    from offices.tests.publication_factories import attach, make
    from offices.tests.reports.factories import filed_report

    report = filed_report(cast.office_a, "2026-01-01", submit=True, attachments=1)
    accepted = filed_report(cast.office_a, "2025-12-01", submit=True, attachments=1)
    services.accept_report(cast.hq, accepted.pk)
    publication = make("公開中の刊行物", "A published publication")
    draft_publication = make("下書き", "A draft", published=False)
    to_accept = filed_report(cast.office_a, "2026-02-01", submit=True)
    draft = filed_report(cast.office_a, "2026-03-01", attachments=1)
    assistance = ask.asked(cast.org_a, attachments=1)
    assistance_draft = ask.asked(cast.org_a, submit=False, attachments=1)
    assistance_info = ask.asked(cast.org_a)
    desk.ask_for_information(cast.office_a, assistance_info.pk, "How many people travel?")
    return {
        "assistance": assistance,
        "assistance_attachment": assistance.attachments.get(),
        "assistance_draft": assistance_draft,
        "assistance_draft_attachment": assistance_draft.attachments.get(),
        "assistance_info": assistance_info,
        "assistance_completed": ask.completed(cast.org_a, cast.office_a),
        "assistance_accepted": ask.accepted(cast.org_a, cast.office_a),
        "request_to_accept": ask.asked(cast.org_a),
        "request_to_decline": ask.asked(cast.org_a),
        "request_to_ask": ask.asked(cast.org_a),
        "request_to_complete": ask.accepted(cast.org_a, cast.office_a),
        "desk_feed": desk_calendar.feed_for(cast.office_b, cast.office_b.office_membership.office),
        "report": report,
        "attachment": report.attachments.get(),
        "to_accept": to_accept,
        "draft": draft,
        "draft_attachment": draft.attachments.get(),
        "accepted": accepted,
        "publication": publication,
        "publication_file": attach(publication),
        "draft_publication": draft_publication,
        "draft_publication_file": attach(draft_publication),
    }
