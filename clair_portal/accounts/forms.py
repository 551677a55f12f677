from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
    UserCreationForm,
)

from clair_portal.accounts.models import User
from clair_portal.security.honeypot import HoneypotMixin


class LoginForm(HoneypotMixin, AuthenticationForm):
    pass


class ResetForm(HoneypotMixin, PasswordResetForm):
    pass


class PortalUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("full_name", "language")
