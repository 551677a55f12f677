from django.urls import path

from clair_portal.languages import in_every_language
from multicultural import views

app_name = "multicultural"

urlpatterns = [
    path("", in_every_language(views.index), name="index"),
    path("associations/", in_every_language(views.associations), name="associations"),
    path("library/", in_every_language(views.library), name="library"),
    path("library/coverage/", views.coverage, name="coverage"),
    path("library/<int:pk>/", in_every_language(views.library_version), name="library_version"),
    path("library/<int:pk>/file/", in_every_language(views.library_file), name="library_file"),
    path("grants/", views.applications, name="applications"),
    path("grants/programmes/<int:programme_id>/apply/", views.apply, name="apply"),
    path("grants/review/", views.review_list, name="review_list"),
    path("grants/dashboard/", views.dashboard, name="dashboard"),
    path("grants/applications/<int:pk>/", views.application, name="application"),
    path("grants/applications/<int:pk>/edit/", views.edit, name="edit"),
    path("grants/applications/<int:pk>/files/", views.upload, name="upload"),
    path(
        "grants/applications/<int:pk>/files/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
    path("grants/applications/<int:pk>/submit/", views.submit, name="submit"),
    path("grants/applications/<int:pk>/completion/", views.completion, name="completion"),
    path("grants/applications/<int:pk>/review/", views.review, name="review"),
    path("grants/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("grants/applications/<int:pk>/disburse/", views.disburse, name="disburse"),
]
