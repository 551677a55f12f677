from django.urls import path

from clair_portal.languages import in_every_language
from offices import publication_views as views

app_name = "publications"

urlpatterns = [
    path("", in_every_language(views.publication_list), name="list"),
    path("feed/", in_every_language(views.publication_feed), name="feed"),
    path("<int:publication_id>/", in_every_language(views.publication_detail), name="detail"),
    path(
        "<int:publication_id>/files/<int:file_id>/",
        in_every_language(views.publication_file),
        name="file",
    ),
]
