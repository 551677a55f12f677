from django.urls import path

from clair_portal.languages import in_every_language
from offices import desk_views, publication_views, report_views, views

app_name = "offices"

urlpatterns = [
    path("", in_every_language(views.directory), name="directory"),
    path("contact/", in_every_language(views.contact), name="contact"),
    path("reports/", report_views.dashboard, name="report-dashboard"),
    path("reports/new/", report_views.new_report, name="report-new"),
    path("reports/review/", report_views.review_list, name="report-review"),
    path("reports/rate/", report_views.reporting_rate, name="report-rate"),
    path("reports/consolidated/", report_views.consolidated, name="report-consolidated"),
    path("reports/<int:report_id>/", report_views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/edit/", report_views.edit_report, name="report-edit"),
    path("reports/<int:report_id>/check/", report_views.check_report, name="report-check"),
    path("reports/<int:report_id>/submit/", report_views.submit_report, name="report-submit"),
    path("reports/<int:report_id>/return/", report_views.return_report, name="report-return"),
    path("reports/<int:report_id>/accept/", report_views.accept_report, name="report-accept"),
    path("reports/<int:report_id>/history/", report_views.report_history, name="report-history"),
    path(
        "reports/<int:report_id>/publish/",
        publication_views.publish_report,
        name="report-publish",
    ),
    path(
        "reports/<int:report_id>/attachments/<int:attachment_id>/",
        report_views.download_attachment,
        name="report-attachment",
    ),
    path(
        "reports/<int:report_id>/attachments/<int:attachment_id>/remove/",
        report_views.remove_attachment,
        name="report-attachment-remove",
    ),
    # The desk: local governments' requests for help and the offices' answers.
    path("requests/", desk_views.request_list, name="request-list"),
    path("requests/new/", desk_views.request_new, name="request-new"),
    path("requests/<int:pk>/", desk_views.request_detail, name="request-detail"),
    path("requests/<int:pk>/edit/", desk_views.request_edit, name="request-edit"),
    path("requests/<int:pk>/check/", desk_views.request_check, name="request-check"),
    path("requests/<int:pk>/answer/", desk_views.request_answer, name="request-answer"),
    path("requests/<int:pk>/rate/", desk_views.request_rate, name="request-rate"),
    path(
        "requests/<int:pk>/attachments/<int:attachment_id>/",
        desk_views.request_attachment,
        name="request-attachment",
    ),
    path(
        "requests/<int:pk>/attachments/<int:attachment_id>/remove/",
        desk_views.request_attachment_remove,
        name="request-attachment-remove",
    ),
    path("requests/<int:pk>/accept/", desk_views.desk_accept, name="request-accept"),
    path("requests/<int:pk>/decline/", desk_views.desk_decline, name="request-decline"),
    path("requests/<int:pk>/ask/", desk_views.desk_ask, name="request-ask"),
    path("requests/<int:pk>/assign/", desk_views.desk_assign, name="request-assign"),
    path("requests/<int:pk>/meetings/", desk_views.desk_meeting, name="request-meeting"),
    path("requests/<int:pk>/complete/", desk_views.desk_complete, name="request-complete"),
    path("desk/", desk_views.desk_queue, name="desk"),
    path("desk/overview/", desk_views.desk_overview, name="desk-overview"),
    path("desk/calendar/", desk_views.desk_calendar_page, name="desk-calendar"),
    path("desk/calendar/revoke/", desk_views.desk_calendar_revoke, name="desk-calendar-revoke"),
    path(
        "desk/calendar/<token:token>.ics",
        in_every_language(desk_views.desk_calendar_feed),
        name="desk-calendar-feed",
    ),
]
