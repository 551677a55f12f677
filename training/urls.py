from django.urls import path

from clair_portal.languages import in_every_language
from training import views, views_abroad, views_subsidies

app_name = "training"

urlpatterns = [
    path("", in_every_language(views.index), name="index"),
    path("courses/<int:pk>/", in_every_language(views.course), name="course"),
    path("courses/<int:pk>/apply/", views.apply, name="apply"),
    path("courses/<int:pk>/applications/", views.course_applications, name="course_applications"),
    path("courses/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("courses/<int:pk>/certificates/", views.make_certificates, name="make_certificates"),
    path("applications/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("applications/", views.applications, name="applications"),
    path("decisions/", views.decisions, name="decisions"),
    path("history/", views.history, name="history"),
    path("figures/", views.figures, name="figures"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/endorse/", views.endorse, name="endorse"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    # Seminars for officials abroad: the public side (no account) ...
    path(
        "courses/<int:pk>/apply-from-abroad/",
        in_every_language(views_abroad.apply),
        name="seminar_apply",
    ),
    path(
        "courses/<int:pk>/apply-from-abroad/sent/",
        in_every_language(views_abroad.sent),
        name="seminar_sent",
    ),
    path(
        "abroad/confirm/<token:token>/",
        in_every_language(views_abroad.confirm),
        name="seminar_confirm",
    ),
    path(
        "abroad/participant/<token:token>/",
        in_every_language(views_abroad.participant),
        name="participant",
    ),
    # ... and the offices' and HQ's.
    path("abroad/", views_abroad.applications, name="overseas_applications"),
    path("abroad/<int:pk>/", views_abroad.application, name="overseas_application"),
    path("abroad/<int:pk>/answer/", views_abroad.answer, name="overseas_answer"),
    path("abroad/<int:pk>/decide/", views_abroad.decide, name="overseas_decide"),
    path("abroad/<int:pk>/cancel/", views_abroad.cancel, name="overseas_cancel"),
    path("abroad/<int:pk>/tasks/<int:task_id>/", views_abroad.task_done, name="task_done"),
    path("abroad/<int:pk>/certificate/", views.overseas_certificate, name="overseas_certificate"),
    path(
        "abroad/participant/<token:token>/certificate/",
        in_every_language(views_abroad.participant_certificate),
        name="participant_certificate",
    ),
    # Subsidies for study tours abroad and JIAM courses.
    path("subsidies/", views_subsidies.claims, name="claims"),
    path("subsidies/dashboard/", views_subsidies.dashboard, name="subsidy_dashboard"),
    path(
        "subsidies/programmes/<int:programme_id>/claim/",
        views_subsidies.claim_new,
        name="claim_new",
    ),
    path("subsidies/claims/<int:pk>/", views_subsidies.claim, name="claim"),
    path(
        "subsidies/claims/<int:pk>/receipts/<int:receipt_id>/",
        views_subsidies.receipt,
        name="claim_receipt",
    ),
    path("subsidies/claims/<int:pk>/decide/", views_subsidies.claim_decide, name="claim_decide"),
    path("subsidies/claims/<int:pk>/pay/", views_subsidies.claim_pay, name="claim_pay"),
]
