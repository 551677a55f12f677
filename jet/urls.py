from django.urls import path

from clair_portal.languages import in_every_language
from clair_portal.organisations.invitations import invitation
from jet import views
from jet.counselling import views as counselling

app_name = "jet"

urlpatterns = [
    path("", views.home, name="home"),
    path("placements/<int:placement_id>/", views.placement, name="placement"),
    path(
        "reappointments/<int:reappointment_id>/decide/",
        views.decide_reappointment,
        name="decide_reappointment",
    ),
    path("seminars/", views.seminars, name="seminars"),
    path("seminars/<int:seminar_id>/register/", views.register_seminar, name="register_seminar"),
    path("seminars/<int:seminar_id>/cancel/", views.cancel_seminar, name="cancel_seminar"),
    path("seminars/<int:seminar_id>.ics", views.seminar_calendar, name="seminar_calendar"),
    path(
        "calendar/<token:token>.ics", in_every_language(views.calendar_feed), name="calendar_feed"
    ),
    path("calendar/revoke/", views.revoke_calendar_feed, name="revoke_calendar_feed"),
    # Links mailed before invitations moved to the accounts' own page keep working.
    path("invitation/<uidb64>/<token>/", in_every_language(invitation), name="invitation"),
    path("statistics/", views.statistics, name="statistics"),
    # Confidential consultations (jet.counselling.access decides who reads which).
    path("counselling/", counselling.counselling, name="counselling"),
    path(
        "counselling/statistics/",
        counselling.counselling_statistics,
        name="counselling_statistics",
    ),
    path("counselling/readings/", counselling.readings, name="counselling_readings"),
    path("counselling/help/<slug:topic>/", counselling.self_help, name="self_help"),
    path("counselling/new/", counselling.new_consultation, name="new_consultation"),
    path("counselling/<int:consultation_id>/", counselling.consultation, name="consultation"),
    path(
        "counselling/<int:consultation_id>/take/",
        counselling.take_consultation,
        name="take_consultation",
    ),
    path(
        "counselling/<int:consultation_id>/assign/",
        counselling.assign_consultation,
        name="assign_consultation",
    ),
    path(
        "counselling/<int:consultation_id>/close/",
        counselling.close_consultation,
        name="close_consultation",
    ),
    path(
        "counselling/<int:consultation_id>/rate/",
        counselling.rate_consultation,
        name="rate_consultation",
    ),
    # The contracting organisation's side, for its officers.
    path(
        "organisation/placements/",
        views.organisation_placements,
        name="organisation_placements",
    ),
    path(
        "organisation/reappointments/",
        views.organisation_reappointments,
        name="organisation_reappointments",
    ),
    path(
        "organisation/reappointments/<int:reappointment_id>/",
        views.organisation_reappointment,
        name="organisation_reappointment",
    ),
]
