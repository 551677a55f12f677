from django.urls import path

from clair_portal.languages import in_every_language
from clair_portal.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("request-account/", in_every_language(views.request_account), name="request_account"),
]
