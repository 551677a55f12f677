from django.urls import path

from clair_portal.languages import in_every_language
from clair_portal.opendata import views

app_name = "opendata"

urlpatterns = [path("", in_every_language(views.catalogue), name="catalogue")]

# Under /api/v1/ (clair_portal.api includes them, in the API's namespace).
api_urlpatterns = [
    path("catalog.jsonld", views.catalog_jsonld, name="catalog"),
    path("datasets/files/<str:name>", views.kept_file, name="dataset-kept-file"),
    path("datasets/<slug:slug>.<str:fmt>", views.dataset_file, name="dataset-file"),
]
