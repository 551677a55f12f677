from django.urls import path

from offices import publication_views, report_views, views

app_name = "offices"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("contact/", views.contact, name="contact"),
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
]
