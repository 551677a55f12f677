"""The community languages' catalogues: which strings the public pages use, and theirs.

The catalogue of each community language (``locale/<locale>/LC_MESSAGES/django.po``)
holds exactly the strings a public page can show: those of every template a public
page renders (read from the template, every branch) and those the code looked up
while the pages were answered (forms, choices, messages, Django's own). The list of
them is ``locale/community.pot``; each language's catalogue translates every entry.

``tests/test_community_catalogues.py`` crawls the public pages and fails on a string
outside the list or a catalogue that leaves one untranslated;
``make community-messages`` runs it so that it rewrites the list and adds the new
entries to each catalogue, for translators to fill (Django's and the installed
packages' translations filled in where they have one).
"""

import ast
import gettext as gettext_module
import io
import re
import tokenize
from contextlib import contextmanager
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.utils.translation import to_locale, trans_real
from django.utils.translation.template import templatize

from clair_portal.languages import COMMUNITY_LANGUAGES

# (context, msgid, msgid_plural): one string as gettext looks it up.
Key = tuple[str | None, str, str | None]

CONTEXT_SEPARATOR = "\x04"
# gettext function -> (context, msgid, plural) argument positions, as makemessages reads them.
FUNCTIONS = {
    "gettext": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "_": (None, 0, None),
    "pgettext": (0, 1, None),
    "ngettext": (None, 0, 1),
    "npgettext": (0, 1, 2),
}


def base_dir() -> Path:
    return Path(settings.BASE_DIR)


def template_path() -> Path:
    return base_dir() / "locale" / "community.pot"


def catalogue_path(code: str) -> Path:
    return base_dir() / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"


def glossary_path(code: str) -> Path:
    return base_dir() / "locale" / to_locale(code) / "GLOSSARY.md"


# --- Strings a template holds --------------------------------------------------------


def template_keys(path: Path) -> dict[Key, int]:
    """Every translatable string of the template at ``path``, with its line."""
    source = path.read_text(encoding="utf-8")
    python = templatize(source, origin=str(path))
    # templatize keeps lines but not Python's indentation rules: only the calls matter.
    python = "\n".join(line.lstrip() for line in python.splitlines())
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(python).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    found: dict[Key, int] = {}
    for i, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in FUNCTIONS:
            continue
        if i + 1 >= len(tokens) or tokens[i + 1].string != "(":
            continue
        arguments, j = [], i + 2
        while j < len(tokens) and tokens[j].type == tokenize.STRING:
            text = ast.literal_eval(tokens[j].string)
            j += 1
            while j < len(tokens) and tokens[j].type == tokenize.STRING:
                text += ast.literal_eval(tokens[j].string)  # implicit concatenation
                j += 1
            arguments.append(text)
            if j < len(tokens) and tokens[j].string == ",":
                j += 1
            else:
                break
        context, message, plural = FUNCTIONS[token.string]
        if len(arguments) <= message:
            continue
        key = (
            arguments[context] if context is not None else None,
            arguments[message],
            arguments[plural] if plural is not None and len(arguments) > plural else None,
        )
        found.setdefault(key, token.start[0])
    return found


# --- Strings the code looks up -------------------------------------------------------


# Where the strings recorded now are being looked up (a page's path), for translators.
where_now = ["(no page)"]


@contextmanager
def recorded_lookups():
    """Record every string looked up in a community language: yields {Key: where}.

    Only the portal's strings and Django's count: a string no catalogue of the staff's
    Japanese knows is data passed through gettext (a name), and country names come from
    django-countries (in Tagalog, which it does not have, they stay as English names).
    """
    seen: dict[Key, str] = {}
    translation_class = trans_real.DjangoTranslation
    original_gettext = translation_class.gettext
    original_ngettext = translation_class.ngettext

    def gettext(self, message):
        if self.language() in COMMUNITY_LANGUAGES:
            context, _sep, msgid = message.rpartition(CONTEXT_SEPARATOR)
            seen.setdefault((context or None, msgid, None), where_now[0])
        return original_gettext(self, message)

    def ngettext(self, singular, plural, number):
        if self.language() in COMMUNITY_LANGUAGES:
            context, _sep, msgid = singular.rpartition(CONTEXT_SEPARATOR)
            seen.setdefault((context or None, msgid, plural), where_now[0])
        return original_ngettext(self, singular, plural, number)

    translation_class.gettext = gettext
    translation_class.ngettext = ngettext
    try:
        yield seen
    finally:
        translation_class.gettext = original_gettext
        translation_class.ngettext = original_ngettext
    known = trans_real.translation("ja")._catalog
    countries = country_names()
    for key in list(seen):
        if catalogue_key(key) not in known or (key[0] is None and key[1] in countries):
            del seen[key]


def country_names() -> set[str]:
    from django_countries.data import COUNTRIES

    return {str(name) for name in COUNTRIES.values()}


def catalogue_key(key: Key):
    context, msgid, plural = key
    text = f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid
    return (text, 0) if plural is not None else text


def is_translated(key: Key, code: str) -> bool:
    """Whether ``key`` reads in ``code`` (the portal's, an app's, a package's or Django's)."""
    return catalogue_key(key) in trans_real.translation(code)._catalog


# --- The list of public strings and each language's catalogue ------------------------


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def read_template() -> dict[Key, polib.POEntry]:
    path = template_path()
    if not path.exists():
        return {}
    return {entry_key(e): e for e in polib.pofile(str(path)) if not e.obsolete}


def read_catalogue(code: str) -> polib.POFile | None:
    path = catalogue_path(code)
    return polib.pofile(str(path)) if path.exists() else None


PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%[sdif]|\{(\w*)\}")


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def problems_of(code: str) -> list[str]:
    """What keeps ``code``'s catalogue from covering the list: missing, empty, fuzzy or
    placeholders that differ from the English."""
    catalogue = read_catalogue(code)
    if catalogue is None:
        return [f"{catalogue_path(code)} does not exist"]
    wanted = read_template()
    entries = {entry_key(e): e for e in catalogue if not e.obsolete}
    problems = []
    for key in sorted(wanted, key=_sort_key):
        entry = entries.get(key)
        if entry is None:
            problems.append(f"missing: {_show(key)}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {_show(key)}")
        translations = (
            [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            if entry.msgid_plural
            else [entry.msgstr]
        )
        if not translations or not all(t.strip() for t in translations):
            problems.append(f"empty: {_show(key)}")
            continue
        if entry.msgid_plural and len(translations) != _plural_count(code):
            problems.append(
                f"{len(translations)} plural forms, not {_plural_count(code)}: {_show(key)}"
            )
        for number, text in enumerate(translations):
            english = entry.msgid_plural if entry.msgid_plural and number else entry.msgid
            # A plural form may drop the number ("one item"), never add or change one.
            theirs, ours = placeholders(english), placeholders(text)
            if ours != theirs and not (entry.msgid_plural and set(ours) <= set(theirs)):
                problems.append(f"placeholders {ours} instead of {theirs}: {_show(key)}")
    for key in sorted(set(entries) - set(wanted), key=_sort_key):
        problems.append(f"not in locale/community.pot (remove it): {_show(key)}")
    return problems


def _sort_key(key: Key):
    return (key[1], key[0] or "", key[2] or "")


def _show(key: Key) -> str:
    context, msgid, plural = key
    shown = repr(msgid)
    if context:
        shown += f" (context {context!r})"
    if plural:
        shown += f" (plural {plural!r})"
    return shown


def upstream_translation(code: str, key: Key) -> str | list[str] | None:
    """A translation Django or an installed package already has for ``key`` in ``code``."""
    for translation in _upstream(code):
        catalogue = translation._catalog
        if key[2] is None:
            text = catalogue.get(catalogue_key(key))
            if text:
                return text
        else:
            base = catalogue_key(key)[0]
            forms = []
            index = 0
            while (base, index) in catalogue:
                forms.append(catalogue[(base, index)])
                index += 1
            if forms and all(forms):
                return forms
    return None


def _upstream(code: str) -> list[gettext_module.GNUTranslations]:
    """Django's and the installed packages' catalogues for ``code`` (not the portal's)."""
    locales = [to_locale(code)]  # gettext also looks under ko_KR for ko, and so on
    directories = [Path(trans_real.__file__).parents[2] / "conf" / "locale"]
    ours = base_dir().resolve()
    for config in apps.get_app_configs():
        directory = Path(config.path) / "locale"
        if directory.is_dir() and not directory.resolve().is_relative_to(ours):
            directories.append(directory)
    found = []
    for directory in directories:
        for locale in locales:
            try:
                found.append(gettext_module.translation("django", str(directory), [locale]))
            except OSError:
                continue
    return found


def write(keys: dict[Key, list[str]]) -> None:
    """Rewrite the list of public strings as ``keys`` ({key: where it is used}) and bring
    each language's catalogue in line: new entries (filled from Django and the installed
    packages where they have one), obsolete ones dropped, translations kept.
    """
    pot = polib.POFile(wrapwidth=100)
    pot.metadata = {
        "Project-Id-Version": "CLAIR Portal",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for key in sorted(keys, key=_sort_key):
        pot.append(_entry(key, keys[key]))
    template_path().parent.mkdir(parents=True, exist_ok=True)
    pot.save(str(template_path()))
    wanted = {entry_key(e): e for e in pot}
    for code in COMMUNITY_LANGUAGES:
        old = read_catalogue(code)
        kept = {entry_key(e): e for e in old} if old is not None else {}
        catalogue = polib.POFile(wrapwidth=100)
        catalogue.metadata = {
            "Project-Id-Version": "CLAIR Portal",
            "Language": to_locale(code),
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": _plural_forms(code),
        }
        for key, template in wanted.items():
            entry = _entry(key, [o[0] for o in template.occurrences])
            entry.comment = template.comment
            previous = kept.get(key)
            if previous is not None and (previous.msgstr or previous.msgstr_plural):
                entry.msgstr, entry.msgstr_plural = previous.msgstr, previous.msgstr_plural
                entry.flags = previous.flags
            else:
                _fill(entry, upstream_translation(code, key), code)
            catalogue.append(entry)
        catalogue_path(code).parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(catalogue_path(code)))


def _entry(key: Key, where: list[str] | None) -> polib.POEntry:
    context, msgid, plural = key
    entry = polib.POEntry(msgid=msgid, msgctxt=context)
    if plural is not None:
        entry.msgid_plural = plural
        entry.msgstr_plural = {0: ""}
    if where:
        files = sorted({place for place in where if not place.startswith("/")})
        pages = sorted({place for place in where if place.startswith("/")})
        entry.occurrences = [(place, "") for place in files[:5]]
        if pages and not files:
            entry.comment = "shown on " + ", ".join(pages[:3])
    if re.search(r"%\(\w+\)[sdifr]|%[sdif]", msgid):
        entry.flags.append("python-format")
    return entry


def _fill(entry: polib.POEntry, text, code: str) -> None:
    if not text:
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(range(_plural_count(code)), "")
        return
    if entry.msgid_plural:
        forms = text if isinstance(text, list) else [text]
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = text


# How many plural forms each language has, and gettext's rule for them.
PLURALS = {
    "zh-hans": (1, "nplurals=1; plural=0;"),
    "ko": (1, "nplurals=1; plural=0;"),
    "vi": (1, "nplurals=1; plural=0;"),
    "pt-br": (2, "nplurals=2; plural=(n > 1);"),
    "es": (2, "nplurals=2; plural=(n != 1);"),
    "tl": (2, "nplurals=2; plural=(n != 1);"),
}


def _plural_count(code: str) -> int:
    return PLURALS[code][0]


def _plural_forms(code: str) -> str:
    return PLURALS[code][1]
