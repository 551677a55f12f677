from django.urls import path

from sistercities import views, views_organisation, views_partners

app_name = "sistercities"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("download.<str:fmt>", views.download, name="download"),
    path("gaps/", views.gaps, name="gaps"),
    # Partner-seeking requests, their moderation, projects, events and the survey.
    path("partners/", views_partners.request_list, name="request_list"),
    path("partners/new/", views_partners.request_submit, name="request_submit"),
    path("partners/sent/", views_partners.request_submitted, name="request_submitted"),
    path("partners/<int:pk>/", views_partners.request_detail, name="request_detail"),
    path(
        "partners/<int:pk>/images/<int:image_pk>/",
        views_partners.request_image,
        name="request_image",
    ),
    path("partners/confirm/<token:token>/", views_partners.request_confirm, name="request_confirm"),
    path("partners/renew/<token:token>/", views_partners.request_renew, name="request_renew"),
    path("partners/moderation/", views_partners.moderation_list, name="moderation_list"),
    path(
        "partners/moderation/<int:pk>/",
        views_partners.moderation_detail,
        name="moderation_detail",
    ),
    path(
        "partners/moderation/<int:pk>/publish/",
        views_partners.moderation_publish,
        name="moderation_publish",
    ),
    path(
        "partners/moderation/<int:pk>/reject/",
        views_partners.moderation_reject,
        name="moderation_reject",
    ),
    path("projects/", views_partners.project_list, name="project_list"),
    path("projects/<int:pk>/", views_partners.project_detail, name="project_detail"),
    path(
        "projects/<int:pk>/images/<int:image_pk>/",
        views_partners.project_image,
        name="project_image",
    ),
    path("events/", views_partners.event_list, name="event_list"),
    path("events/<int:pk>/", views_partners.event_detail, name="event_detail"),
    path("events/<int:pk>/event.ics", views_partners.event_ics, name="event_ics"),
    path("survey/<token:token>/", views_partners.survey_form, name="survey_form"),
    path("surveys/", views_partners.survey_dashboard, name="survey_dashboard"),
    # A local government corrects its own affiliations; HQ decides.
    path(
        "my-affiliations/<int:pk>/correct/",
        views_organisation.propose_change,
        name="propose_change",
    ),
    path("my-affiliations/new/", views_organisation.propose_new, name="propose_new"),
    path("my-survey/", views_organisation.my_survey, name="my_survey"),
    path("corrections/", views_organisation.proposal_list, name="proposal_list"),
    path(
        "corrections/<int:pk>/decide/",
        views_organisation.proposal_decide,
        name="proposal_decide",
    ),
]
