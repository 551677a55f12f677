"""One cell, in and out: the text a file holds, and a value safe to write back."""

import datetime
import re
import unicodedata
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise

# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0, and so an XLSX cell, cannot hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text(value) -> str:
    """A cell as text, stripped: what a CSV holds, or an XLSX value written out.

    Numbers come out of spreadsheets as floats; 2026.0 is the text 2026.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def unquote(value: str) -> str:
    """A cell as the portal's download wrote it: without the apostrophe that kept a formula out."""
    if value[:1] == "'" and value[1:2] and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def normalise(label) -> str:
    """A header or a coded value as compared: full-width folded, any case, single spaces.

    ``ＪＩＳ　code``, ``jis_code`` and ``JIS code`` compare equal; so do
    「姉妹都市」 typed in full-width or half-width forms.
    """
    folded = unicodedata.normalize("NFKC", str(label)).casefold().replace("_", " ")
    return " ".join(folded.split())


def neutralise(value):
    """A value safe to put in a spreadsheet cell: text, number, date or empty.

    Text that a spreadsheet would run as a formula gets a leading apostrophe
    (OWASP CSV injection), except a plain signed number such as an E.164
    telephone number, which stays readable. Characters an XLSX cannot hold
    are dropped. Dates, times and numbers pass through as themselves.
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date | datetime.time):
        return value
    if isinstance(value, Promise):
        value = str(value)
    value = _ILLEGAL.sub("", str(value))
    if value.startswith(FORMULA_STARTS) and not value[1:].isdigit():
        return "'" + value
    return value


def local(moment: datetime.datetime) -> datetime.datetime:
    """An aware time in the portal's zone without its zone: spreadsheets know no zones."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)
