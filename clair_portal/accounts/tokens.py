"""One-time links of an account (password reset, invitation): they die with the account."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class AccountTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset tokens, void once the account is deactivated.

    Django's own confirmation view does not look at ``is_active``, so a link
    mailed before an account was closed would still set its password. Here the
    deactivation is part of the hash: every link sent before it stops working,
    and reactivating the account does not bring them back once a new one is
    used. Tokens of active accounts hash exactly as Django's do, so links
    already sent keep working across the change.
    """

    def _make_hash_value(self, user, timestamp):
        value = super()._make_hash_value(user, timestamp)
        return value if user.is_active else f"{value}:inactive"


account_tokens = AccountTokenGenerator()
