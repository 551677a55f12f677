from django.urls import path

from clair_portal.languages import in_every_language
from offices import views

app_name = "about"

urlpatterns = [path("", in_every_language(views.about), name="index")]
