from django.urls import path

from clair_portal.languages import in_every_language
from sistercities import views, views_organisation, views_own_requests, views_partners

app_name = "sistercities"

urlpatterns = [
    path("", in_every_language(views.search), name="search"),
    path("<int:pk>/", in_every_language(views.detail), name="detail"),
    path("download.<str:fmt>", in_every_language(views.download), name="download"),
    path("gaps/", in_every_language(views.gaps), name="gaps"),
    # Partner-seeking requests, their moderation, projects, events and the survey.
    path("partners/", in_every_language(views_partners.request_list), name="request_list"),
    path("partners/new/", in_every_language(views_partners.request_submit), name="request_submit"),
    path(
        "partners/new/<int:pk>/",
        in_every_language(views_partners.request_check),
        name="request_check",
    ),
    path(
        "partners/new/<int:pk>/edit/",
        in_every_language(views_partners.request_edit),
        name="request_edit",
    ),
    path(
        "partners/sent/",
        in_every_language(views_partners.request_submitted),
        name="request_submitted",
    ),
    path(
        "partners/<int:pk>/",
        in_every_language(views_partners.request_detail),
        name="request_detail",
    ),
    path(
        "partners/<int:pk>/images/<int:image_pk>/",
        in_every_language(views_partners.request_image),
        name="request_image",
    ),
    path(
        "partners/confirm/<token:token>/",
        in_every_language(views_partners.request_confirm),
        name="request_confirm",
    ),
    path(
        "partners/renew/<token:token>/",
        in_every_language(views_partners.request_renew),
        name="request_renew",
    ),
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
    path("projects/", in_every_language(views_partners.project_list), name="project_list"),
    path(
        "projects/<int:pk>/",
        in_every_language(views_partners.project_detail),
        name="project_detail",
    ),
    path(
        "projects/<int:pk>/images/<int:image_pk>/",
        in_every_language(views_partners.project_image),
        name="project_image",
    ),
    path("events/", in_every_language(views_partners.event_list), name="event_list"),
    path("events/<int:pk>/", in_every_language(views_partners.event_detail), name="event_detail"),
    path(
        "events/<int:pk>/event.ics", in_every_language(views_partners.event_ics), name="event_ics"
    ),
    path(
        "survey/<token:token>/", in_every_language(views_partners.survey_form), name="survey_form"
    ),
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

# A local government's own partner-seeking requests; a prefecture's municipalities.
urlpatterns += [
    path("my-requests/", views_own_requests.my_requests, name="my_requests"),
    path("my-requests/new/", views_own_requests.my_request_new, name="my_request_new"),
    path("my-requests/<int:pk>/", views_own_requests.my_request, name="my_request"),
    path("my-requests/<int:pk>/edit/", views_own_requests.my_request_edit, name="my_request_edit"),
    path("my-requests/<int:pk>/send/", views_own_requests.my_request_send, name="my_request_send"),
    path(
        "my-requests/<int:pk>/renew/", views_own_requests.my_request_renew, name="my_request_renew"
    ),
    path(
        "my-requests/<int:pk>/withdraw/",
        views_own_requests.my_request_withdraw,
        name="my_request_withdraw",
    ),
    path(
        "my-requests/<int:pk>/inquiries/<int:inquiry_pk>/",
        views_own_requests.my_inquiry,
        name="my_inquiry",
    ),
    path("partners/moderation/changes/", views_own_requests.revision_list, name="revision_list"),
    path(
        "partners/moderation/changes/<int:pk>/decide/",
        views_own_requests.revision_decide,
        name="revision_decide",
    ),
    path(
        "my-municipalities/survey/",
        views_own_requests.prefecture_survey,
        name="prefecture_survey",
    ),
]
