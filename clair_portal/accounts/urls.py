from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from clair_portal.accounts import views
from clair_portal.accounts.forms import LoginForm, ResetForm
from clair_portal.accounts.tokens import account_tokens
from clair_portal.languages import in_every_language
from clair_portal.organisations.invitations import invitation

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path(
        "login/",
        in_every_language(
            auth_views.LoginView.as_view(
                authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    # The one-time link of every invitation (officers, JET participants).
    path("invitation/<uidb64>/<token>/", in_every_language(invitation), name="invitation"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        # ResetForm queues the e-mail (templates and token: accounts/services.py).
        in_every_language(
            auth_views.PasswordResetView.as_view(
                form_class=ResetForm, success_url=reverse_lazy("accounts:password_reset_done")
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        in_every_language(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        in_every_language(
            auth_views.PasswordResetConfirmView.as_view(
                token_generator=account_tokens,
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        in_every_language(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
