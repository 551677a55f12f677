"""The columns of imports and downloads: a code, a label, and how a cell becomes a value and back.

A column is named in a file by its code (``jis_code``) or by its label in any
language of the portal ("JIS X 0402 code", 「団体コード」). A download writes
labels, in the requester's language, and coded values as their labels too
(「姉妹都市」, not ``sister``); reading accepts the code or the label in any
language, so a download imports back whatever language it was made in.

``parse`` turns a cell into the model's value or raises ``ValueError`` with a
translated message; ``render`` turns a value into what a download shows.
Columns are declared on an importer's class and copied for each file, so that
what one import primes (lookups, choices read from the database) is its own.
"""

import copy
import datetime
import functools
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clair_portal.languages import STAFF_LANGUAGES
from clair_portal.tabular.cells import local, normalise, text

REQUIRED = _("This field is required.")
LIST_SEPARATORS = re.compile(r"[;；]")
# Choices listed in full in a message; longer lists are described instead.
LISTED_CHOICES = 20


def languages() -> list[str]:
    return list(STAFF_LANGUAGES)


def in_every_language(make) -> list:
    """``make()`` evaluated once in each language of the portal."""
    results = []
    for language in languages():
        with translation.override(language):
            results.append(make())
    return results


class Column:
    """One column of a file.

    - ``key``: the column's code, accepted as its header in any file, and the
      model attribute it fills unless ``attribute`` says otherwise.
    - ``label``: its header in downloads and templates (lazy), accepted in
      every language.
    - ``required``: every row needs a value. ``optional``: the file may leave
      the column out; existing records then keep their value and new ones get
      ``default``. Otherwise a file without the column is refused.
    - ``export``: how a download reads the value from an object, an attribute
      path (``"partner.name_en"``) or a function; ``imported=False`` for a
      column only downloads have (names written for people to read).
    - ``sample``: the template's example value; ``help_text``: what the
      template's notes say about the column.
    """

    def __init__(
        self,
        key: str,
        label,
        *,
        required: bool = False,
        optional: bool = False,
        default=None,
        attribute: str | None = None,
        export=None,
        imported: bool = True,
        sample=None,
        help_text="",
        parse=None,
        render=None,
    ):
        self.key = key
        self.label = label
        self.required = required
        self.optional = optional
        self.default = default
        self.attribute = attribute or key
        self.export = export
        self.imported = imported
        self.sample = sample
        self.help_text = help_text
        if parse is not None:
            self.parse_text = parse
        if render is not None:
            self.render = render

    def __repr__(self):
        return f"<{type(self).__name__} {self.key}>"

    def copy(self) -> "Column":
        """This column for one import or download, with nothing primed by another."""
        column = copy.copy(self)
        column.prepare()
        return column

    # --- reading ----------------------------------------------------------------

    def prepare(self) -> None:
        """Called once per file before any row is read: reset what a file primes."""

    def parse(self, cell):
        """The model's value for ``cell``; ``ValueError`` with a translated message if none."""
        value = text(cell)
        if not value:
            if self.required:
                raise ValueError(REQUIRED)
            return self.default
        return self.parse_text(value, cell)

    def parse_text(self, value: str, cell):
        return value

    # --- writing ----------------------------------------------------------------

    def value_of(self, obj):
        """The model value a download shows for ``obj``."""
        if callable(self.export):
            return self.export(obj)
        for name in (self.export or self.attribute).split("."):
            obj = getattr(obj, name) if obj is not None else None
        return obj

    def render(self, value):
        """What a download writes for ``value``, in the active language."""
        return value

    def choices(self) -> list[tuple[str, str]] | None:
        """``(code, label)`` of a coded column in the active language; None for others."""
        return None

    def code(self, value) -> str:
        """The machine-readable code of ``value``, for a download's code column."""
        return "" if value is None else str(value)


class Text(Column):
    def __init__(self, key, label, *, max_length: int | None = None, **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(key, label, **kwargs)
        self.max_length = max_length

    def parse_text(self, value, cell):
        if self.max_length and len(value) > self.max_length:
            raise ValueError(format_lazy(_("At most {limit} characters."), limit=self.max_length))
        return value

    def render(self, value):
        return value or ""


class Email(Text):
    # Addresses already found valid in this file: a supervisor's is on many rows.
    KNOWN = 10_000

    def __init__(self, key, label, **kwargs):
        super().__init__(key, label, **kwargs)
        self._valid: set[str] = set()

    def prepare(self):
        self._valid = set()

    def parse_text(self, value, cell):
        if value not in self._valid:
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError(
                    format_lazy(_("“{value}” is not an e-mail address."), value=value)
                ) from None
            if len(self._valid) < self.KNOWN:
                self._valid.add(value)
        return super().parse_text(value, cell)


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


class Integer(Column):
    def __init__(self, key, label, *, minimum=None, maximum=None, **kwargs):
        super().__init__(key, label, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse_text(self, value, cell):
        if isinstance(cell, bool):
            number = None
        elif isinstance(cell, int):
            number = cell
        elif isinstance(cell, float) and cell.is_integer():
            number = int(cell)
        else:
            digits = value.replace(",", "") if _THOUSANDS.match(value) else value
            number = int(digits) if re.fullmatch(r"[+-]?\d+", digits) else None
        if number is None:
            raise ValueError(self.not_a_number(value))
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise ValueError(self.out_of_range(value))
        return number

    def not_a_number(self, value):
        return format_lazy(_("“{value}” is not a whole number."), value=value)

    def out_of_range(self, value):
        return format_lazy(
            _("“{value}” is not between {minimum} and {maximum}."),
            value=value,
            minimum=self.minimum,
            maximum=self.maximum,
        )


class Year(Integer):
    def not_a_number(self, value):
        return self.out_of_range(value)

    def out_of_range(self, value):
        return format_lazy(
            _("“{value}” is not a year from {minimum} to {maximum}."),
            value=value,
            minimum=self.minimum,
            maximum=self.maximum,
        )


# 2026-08-01, 2026/8/1 (Japanese Excel's CSV), 2026.8.1, 2026年8月1日, with or without a time.
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


class Date(Column):
    def parse(self, cell):
        if type(cell) is str and len(cell) == 10:
            try:
                return datetime.date.fromisoformat(cell)  # the usual 2026-08-01, fast
            except ValueError:
                pass
        return super().parse(cell)

    def parse_text(self, value, cell):
        if isinstance(cell, datetime.datetime):
            return cell.date()
        if isinstance(cell, datetime.date):
            return cell
        match = _DATE.match(value)
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except (AttributeError, ValueError):
            raise ValueError(
                format_lazy(_("“{value}” is not a date like 2026-08-01."), value=value)
            ) from None

    def render(self, value):
        if isinstance(value, datetime.datetime):
            return local(value).date()
        return value


YES = pgettext_lazy("cell", "yes")
NO = pgettext_lazy("cell", "no")


@functools.cache
def _booleans() -> dict[str, bool]:
    words = dict.fromkeys(("1", "true", "yes", "y", "x", "○", "◯", "✓", "はい"), True)
    words.update(dict.fromkeys(("0", "false", "no", "n", "×", "いいえ"), False))
    for yes, no in in_every_language(lambda: (str(YES), str(NO))):
        words[normalise(yes)], words[normalise(no)] = True, False
    return words


class Boolean(Column):
    def __init__(self, key, label, **kwargs):
        kwargs.setdefault("default", False)
        super().__init__(key, label, **kwargs)

    def parse_text(self, value, cell):
        if isinstance(cell, bool | int) and cell in (0, 1):
            return bool(cell)
        try:
            return _booleans()[normalise(value)]
        except KeyError:
            raise ValueError(
                format_lazy(_("“{value}” is not yes (1) or no (0)."), value=value)
            ) from None

    def render(self, value):
        return str(YES if value else NO)

    def choices(self):
        return [("1", str(YES)), ("0", str(NO))]

    def code(self, value) -> str:
        return "1" if value else "0"


class Choice(Column):
    """A coded value: the code in the model, its label in downloads, either in a file.

    ``choices`` is a ``TextChoices`` class or a function returning ``(code,
    label)`` pairs, called in each language (so labels read from translated
    model fields work too) once per file.
    """

    def __init__(self, key, label, *, choices, **kwargs):
        super().__init__(key, label, **kwargs)
        self._choices = choices
        self._codes: dict[str, str] | None = None
        self._labels: dict[tuple[str, str], str] = {}

    def prepare(self):
        self._codes = None
        self._labels = {}

    def pairs(self) -> list[tuple[str, str]]:
        source = self._choices
        if hasattr(source, "choices"):  # a TextChoices class
            pairs = source.choices
        else:
            pairs = source() if callable(source) else source
        return [(str(code), str(label)) for code, label in pairs]

    def codes(self) -> dict[str, str]:
        """Every accepted spelling, normalised, to its code."""
        if self._codes is None:
            codes: dict[str, str] = {}
            for pairs in in_every_language(self.pairs):
                for code, label in pairs:
                    codes.setdefault(normalise(label), code)
            for code, _label in self.pairs():
                codes[normalise(code)] = code  # a code wins over a label spelled the same
            self._codes = codes
        return self._codes

    def choices(self):
        return self.pairs()

    def match(self, value: str) -> str:
        try:
            return self.codes()[normalise(value)]
        except KeyError:
            raise ValueError(self.unknown(value)) from None

    def unknown(self, value):
        if len(self.pairs()) > LISTED_CHOICES:
            return format_lazy(
                _("“{value}” is not one of the allowed values; the template lists them."),
                value=value,
            )
        return format_lazy(
            _("“{value}” is not one of: {choices}."),
            value=value,
            choices=lazy(self.listed, str)(),  # in the reader's language, not the importer's
        )

    def listed(self) -> str:
        return ", ".join(
            f"{label} ({code})" if label != code else code for code, label in self.pairs()
        )

    def parse_text(self, value, cell):
        return self.match(value)

    def label_of(self, code) -> str:
        language = translation.get_language() or ""
        key = (language, str(code))
        if key not in self._labels:
            self._labels.update({(language, c): label for c, label in self.pairs()})
        return self._labels.get(key, str(code))

    def render(self, value):
        return "" if value in (None, "") else self.label_of(value)


class ChoiceList(Choice):
    """Several coded values in one cell, separated by semicolons; a list in the model."""

    def __init__(self, key, label, **kwargs):
        kwargs.setdefault("default", [])
        super().__init__(key, label, **kwargs)

    def parse(self, cell):
        value = text(cell)
        if not value:
            if self.required:
                raise ValueError(REQUIRED)
            return list(self.default)
        codes, unknown = [], []
        for part in LIST_SEPARATORS.split(value):
            part = part.strip()
            if part:
                code = self.codes().get(normalise(part))
                (codes if code else unknown).append(code or part)
        if unknown:
            raise ValueError(self.unknown("; ".join(unknown)))
        return list(dict.fromkeys(codes))

    def render(self, value):
        return "; ".join(self.label_of(code) for code in value or ())

    def code(self, value) -> str:
        return ";".join(value or ())


@functools.cache
def _countries() -> dict[str, str]:
    from django_countries import countries

    spellings: dict[str, str] = {}
    for names in in_every_language(lambda: [(c.code, str(c.name)) for c in countries]):
        for code, name in names:
            spellings.setdefault(normalise(name), code)
    for country in countries:
        spellings[normalise(country.code)] = country.code
        spellings.setdefault(normalise(countries.alpha3(country.code)), country.code)
    return spellings


class Country(Column):
    """An ISO 3166 country: its code (US, USA) or its name in any language in a file."""

    def parse_text(self, value, cell):
        try:
            return _countries()[normalise(value)]
        except KeyError:
            raise ValueError(
                format_lazy(
                    _("“{value}” is not a country: use its ISO 3166 code (e.g. US) or its name."),
                    value=value,
                )
            ) from None

    def render(self, value):
        from django_countries import countries

        code = getattr(value, "code", value)
        return str(countries.name(code)) if code else ""

    def code(self, value) -> str:
        return getattr(value, "code", value) or ""


class Lookup(Column):
    """A natural key in the file (a code), the model's primary key in the value.

    The keys of a chunk of rows are found with one query (``prime``), never one
    per row. ``keep`` keeps what was found for the whole file (a few hundred
    organisations); otherwise each chunk starts afresh (a file names each
    participant once). ``many`` reads several keys separated by semicolons.
    ``clean`` turns a cell's text into the key looked up (e.g. a JIS code that
    lost its leading zero in Excel).
    """

    def __init__(
        self,
        key,
        label,
        *,
        model,
        field: str,
        missing,
        many: bool = False,
        keep: bool = False,
        clean=None,
        **kwargs,
    ):
        if many:
            kwargs.setdefault("default", ())
        super().__init__(key, label, **kwargs)
        self.model, self.field, self.missing = model, field, missing
        self.many, self.keep = many, keep
        self.clean = clean or (lambda key: key)
        self.found: dict[str, object] = {}

    def prepare(self):
        self.found = {}

    def keys(self, cell) -> list[str]:
        value = text(cell)
        if not self.many:
            return [self.clean(value)] if value else []
        return [self.clean(p.strip()) for p in LIST_SEPARATORS.split(value) if p.strip()]

    def prime(self, cells) -> None:
        """Find the keys of a chunk's cells: one query."""
        if not self.keep:
            self.found = {}
        wanted = {k for cell in cells for k in self.keys(cell)} - self.found.keys()
        if wanted:
            self.found.update(self.fetch(wanted))

    def fetch(self, wanted: set[str]) -> dict[str, object]:
        rows = self.model._default_manager.filter(**{f"{self.field}__in": wanted})
        return dict(rows.values_list(self.field, "pk"))

    def parse(self, cell):
        keys = self.keys(cell)
        if not keys:
            if self.required:
                raise ValueError(REQUIRED)
            return self.default
        unknown = [k for k in keys if k not in self.found]
        if unknown:
            typed = text(cell) if not self.many else ", ".join(unknown)
            raise ValueError(format_lazy(self.missing, value=typed))
        if self.many:
            return tuple(dict.fromkeys(self.found[k] for k in keys))
        return self.found[keys[0]]

    def render(self, value):
        if self.many:
            return ";".join(str(v) for v in value or ())
        return "" if value is None else value
