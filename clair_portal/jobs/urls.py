from django.urls import path

from clair_portal.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.kind_list, name="kinds"),
    path("new/<slug:kind>/", views.request_job, name="request"),
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/status/", views.job_status, name="status"),
    path("<int:job_id>/download/", views.download, name="download"),
]
