"""The languages a specialist, trainee or request can name: Django's own list.

Django ships the names with their translations, so the Japanese interface
shows フランス語 without this app translating a hundred names itself.
"""

from django.conf import global_settings
from django.utils.translation import gettext_lazy

# Plain language codes only: "zh-hans" and "pt-br" are scripts and variants,
# which a request for a Portuguese speaker does not distinguish.
LANGUAGE_CHOICES = sorted(
    ((code, gettext_lazy(name)) for code, name in global_settings.LANGUAGES if "-" not in code),
    key=lambda choice: choice[0],
)
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def language_name(code: str):
    """The language's name, translated when it is shown (a lazy string)."""
    return LANGUAGE_NAMES.get(code, code)
