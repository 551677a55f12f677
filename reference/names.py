"""Names in the reader's script, with the other script beside them.

An English page (and every community-language page but Chinese) shows a Japanese
local government in romaji with its kanji beside it (Nagasaki City (長崎市)); a
Chinese page shows it in kanji with the romaji beside it (長崎市（Nagasaki City）),
since Chinese readers read kanji (``clair_portal.languages.reads_kanji``); a Japanese page shows a partner abroad in
katakana where the portal holds it, with its Latin name beside it
(セントポール（Saint Paul）). The other script is marked with its language, so
that a screen reader pronounces it as that language.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from clair_portal.languages import reads_kanji


def in_reader_script(government, language: str | None = None) -> SafeString:
    """``government`` (a LocalGovernment or ForeignLocalGovernment) as the reader reads it."""
    language = language or get_language() or "en"
    shown = government.display_name(language)
    beside = government.name_beside(language)
    if not beside:
        return format_html("{}", shown)
    if language.startswith("ja"):
        return format_html('{}（<span lang="en">{}</span>）', shown, beside)
    if reads_kanji(language):
        # A Chinese page: the kanji are Japanese, the romaji name beside them English.
        return format_html('<span lang="ja">{}</span>（<span lang="en">{}</span>）', shown, beside)
    return format_html('{} (<span lang="ja">{}</span>)', shown, beside)
