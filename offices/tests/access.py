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

MATRIX = {
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
    from offices import services
    from offices.tests.publication_factories import attach, make
    from offices.tests.reports.factories import filed_report

    report = filed_report(cast.office_a, "2026-01-01", submit=True, attachments=1)
    accepted = filed_report(cast.office_a, "2025-12-01", submit=True, attachments=1)
    services.accept_report(cast.hq, accepted.pk)
    publication = make("公開中の刊行物", "A published publication")
    draft_publication = make("下書き", "A draft", published=False)
    to_accept = filed_report(cast.office_a, "2026-02-01", submit=True)
    draft = filed_report(cast.office_a, "2026-03-01", attachments=1)
    return {
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
