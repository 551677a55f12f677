"""Account operations done outside the request: the password-reset e-mail."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clair_portal.accounts.tokens import account_tokens

RESET_SUBJECT = "registration/password_reset_subject.txt"
RESET_BODY = "registration/password_reset_email.txt"
# How long a reset task's claim is held: shorter than the broker's visibility timeout,
# so a task whose worker died before sending is redelivered and sends after all.
RESET_CLAIM_SECONDS = 15 * 60


def send_password_reset(email: str, language: str, claim: str) -> int:
    """E-mail a reset link to each active account with a usable password at ``email``
    (Django's ``PasswordResetForm.get_users``); returns how many were sent.

    Runs in the worker, never in the request: the request for a known address
    and for an unknown one then do the same work and answer alike. ``claim``
    names the request: a task delivered twice sends once (the claim is held in
    the cache, and released when sending fails so the retry sends). Links point
    at ``PORTAL_URL``, like every e-mail of the portal, in the account's
    language (``language``, the page's, when it has none).
    """
    key = f"accounts:password-reset:{claim}"
    if not cache.add(key, 1, timeout=RESET_CLAIM_SECONDS):
        return 0
    portal = urlsplit(settings.PORTAL_URL)
    sent = 0
    try:
        for user in PasswordResetForm().get_users(email):
            with translation.override(user.language or language):
                context = {
                    "email": user.email,
                    "domain": portal.netloc,
                    "site_name": portal.netloc,
                    "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "user": user,
                    "token": account_tokens.make_token(user),
                    "protocol": portal.scheme,
                }
                subject = "".join(render_to_string(RESET_SUBJECT, context).splitlines())
                body = render_to_string(RESET_BODY, context)
            # Not form.send_mail: it logs a refused message and carries on, and the
            # task must see the failure to retry.
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
            sent += 1
    except Exception:
        if not sent:  # nothing went out: let the retry send
            cache.delete(key)
        raise
    return sent
