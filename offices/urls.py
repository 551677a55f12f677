from django.urls import path

from offices import views

app_name = "offices"

urlpatterns = [
    path("", views.directory, name="directory"),
]
