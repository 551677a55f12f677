from django.urls import path

from cooperation import views, views_host

app_name = "cooperation"

urlpatterns = [
    path("", views.index, name="index"),
    path("my-profile/", views.my_profile, name="my_profile"),
    path("specialists/", views.specialist_list, name="specialist_list"),
    path("specialists/<int:pk>/", views.specialist_detail, name="specialist_detail"),
    path(
        "specialists/<int:pk>/deactivate/",
        views.specialist_deactivate,
        name="specialist_deactivate",
    ),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/select/", views.request_select, name="request_select"),
    path("dispatches/", views.dispatch_list, name="dispatch_list"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
    path("trainees/", views.trainee_list, name="trainee_list"),
    path("trainees/new/", views.trainee_create, name="trainee_create"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("trainees/<int:pk>/edit/", views.trainee_edit, name="trainee_edit"),
    path("trainees/<int:pk>/selection/", views.trainee_selection, name="trainee_selection"),
    path("trainees/<int:pk>/passport/", views.trainee_passport, name="trainee_passport"),
    path("lgotp/", views.programme_list, name="programme_list"),
    path("lgotp/<int:year>/offers/", views.offer_list, name="offer_list"),
    path("lgotp/<int:year>/offers/new/", views.offer_create, name="offer_create"),
    path("lgotp/offers/<int:pk>/", views.offer_edit, name="offer_edit"),
    path("lgotp/<int:year>/statistics/", views.programme_statistics, name="statistics"),
    # The host local government's officers: the demand survey answered, the trainees.
    path("host/", views_host.host_home, name="host_home"),
    path("host/<int:year>/offers/new/", views_host.host_offer_create, name="host_offer_create"),
    path("host/offers/<int:pk>/", views_host.host_offer_edit, name="host_offer_edit"),
    path("host/trainees/", views_host.host_trainees, name="host_trainees"),
]
