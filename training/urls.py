from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:pk>/apply/", views.apply, name="apply"),
    path("courses/<int:pk>/applications/", views.course_applications, name="course_applications"),
    path("applications/", views.applications, name="applications"),
    path("decisions/", views.decisions, name="decisions"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/endorse/", views.endorse, name="endorse"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
]
