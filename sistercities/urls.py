from django.urls import path

from sistercities import views

app_name = "sistercities"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("download.<str:fmt>", views.download, name="download"),
    path("gaps/", views.gaps, name="gaps"),
]
