"""Validators for names in Japanese scripts."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Full-width katakana, the prolonged sound mark, the middle dot and the double hyphen
# that separate words (セント・ポール, サン＝テティエンヌ), and spaces.
_KATAKANA_NAME = re.compile(r"[\u30a1-\u30fa\u30fb\u30fc\u30a0\uff1d= \u3000]+")


def katakana_only(value: str) -> None:
    if value and not _KATAKANA_NAME.fullmatch(value):
        raise ValidationError(
            _("Write the name in full-width katakana only, e.g. セントポール or セント・ポール."),
            code="katakana",
        )
