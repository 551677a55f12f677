import uuid

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UserChangeForm,
    UserCreationForm,
)
from django.utils.translation import get_language

from clair_portal.accounts.models import User
from clair_portal.outbox.services import enqueue
from clair_portal.security.honeypot import HoneypotMixin


class LoginForm(HoneypotMixin, AuthenticationForm):
    pass


class ResetForm(HoneypotMixin, PasswordResetForm):
    def save(self, **_options):
        """Queue the reset e-mail for the worker, after commit, and nothing else.

        Django's ``save`` looks the address up and sends in the request, so a known
        address answered later than an unknown one (a timing oracle). Here the
        request does the same for every address; the task looks it up and sends
        (``clair_portal.accounts.services.send_password_reset``).
        """
        from clair_portal.accounts.tasks import send_password_reset

        email = self.cleaned_data["email"]
        language = get_language() or "en"
        claim = uuid.uuid4().hex
        enqueue(send_password_reset, email, language, claim)


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


class StaffUserCreationForm(forms.ModelForm):
    """HQ's form for a new account: no password, which is its owner's alone.

    The account gets an unusable password; its owner sets one through "Forgotten
    your password?" on the log-in page. The groups offered are those the
    creator may grant (the admin narrows the field's choices).
    """

    class Meta:
        model = User
        fields = ("email", "full_name", "language", "groups")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user
