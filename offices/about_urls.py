from django.urls import path

from offices import views

app_name = "about"

urlpatterns = [path("", views.about, name="index")]
