"""The one-time invitation link of an account, and the page it opens.

Every invitation of the portal (an officer of an organisation, a JET
participant) is an account with an unusable password and a link made with
``account_tokens``: it dies once the password is set (the hash covers it) or
the account is deactivated. ``next`` says where the new user lands once signed in.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import (
    url_has_allowed_host_and_scheme,
    urlencode,
    urlsafe_base64_decode,
    urlsafe_base64_encode,
)
from django.utils.translation import gettext as _

from clair_portal.accounts.tokens import account_tokens
from clair_portal.notifications.sending import absolute_url
from clair_portal.security.honeypot import HoneypotMixin


class InvitationPasswordForm(HoneypotMixin, SetPasswordForm):
    """The invited person chooses their password; the link itself proves who they are."""


def invitation_link(user, *, then: str | None = None) -> str:
    """The absolute one-time link for ``user``, in their language; ``then`` a view name to
    land on afterwards (under the same language prefix)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = account_tokens.make_token(user)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        path = reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})
        if then:
            path = f"{path}?{urlencode({'next': reverse(then)})}"
    return absolute_url(path)


def _invited_user(uidb64: str, token: str):
    User = get_user_model()
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if account_tokens.check_token(user, token) else None


def invitation(request, uidb64, token):
    """The link from an invitation e-mail: choose a password, then sign in and go on."""
    user = _invited_user(uidb64, token)
    if user is None:
        return render(request, "organisations/invitation_invalid.html", status=200)
    form = InvitationPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome: your password is set and you are signed in."))
        return redirect(_landing(request))
    return render(request, "organisations/invitation.html", {"form": form, "invited": user})


def _landing(request) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # In the language of the page the person chose the password on (the link may
        # name another: it is resolved under its own prefix, then translated).
        language = translation.get_language()
        with translation.override(translation.get_language_from_path(target) or language):
            return translate_url(target, language)
    return resolve_url(settings.LOGIN_REDIRECT_URL)
