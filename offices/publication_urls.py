from django.urls import path

from offices import publication_views as views

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("feed/", views.publication_feed, name="feed"),
    path("<int:publication_id>/", views.publication_detail, name="detail"),
    path("<int:publication_id>/files/<int:file_id>/", views.publication_file, name="file"),
]
