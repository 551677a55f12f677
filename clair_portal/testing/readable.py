"""What a reader must never see on a page: IANA zone ids, bare UTC offsets, ISO dates.

Used by the scan of every page of the access inventory (tests/test_readable_dates.py)
and by the browser tests' ``visitor`` on every page it opens. Only what people read
counts: text and the attributes read aloud or shown (title, aria-label, alt,
placeholder); a ``<time datetime="2026-12-03">``, a link, a form value or a code
sample (``<pre>``, ``<code>``) is for machines.
"""

import re
from html.parser import HTMLParser

ZONE_REGIONS = "Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc"
RULES = [
    ("an IANA zone id", re.compile(rf"\b(?:{ZONE_REGIONS})/[A-Z][A-Za-z_]+")),
    ("a bare UTC offset", re.compile(r"\b(?:UTC|GMT)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?")),
    ("a bare UTC offset", re.compile(r"(?<![\w+\-])[+\-−](?:0\d|1[0-4]):?[0-5]\d(?![\d:])")),
    ("a bare UTC offset", re.compile(r"(?<![\w+\-])\+(?:0\d|1[0-4])\b(?![:\d])")),
    (
        "an ISO date",
        re.compile(r"(?<![\w-])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
    ),
    ("an ISO month", re.compile(r"(?<![\w-])(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?![\w-])")),
]
# Japanese pages name zones in words only: not even GMT or UTC on their own.
JAPANESE_RULES = [("a zone abbreviation", re.compile(r"\b(?:UTC|GMT)\b"))]
READ_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "aria-description"}
# Code (the API documentation's JSON examples) is written for machines, in their formats.
UNREAD = {"script", "style", "template", "noscript", "pre", "code"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD:
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in UNREAD and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def read_text(html: str) -> str:
    """The words of a page a person reads or hears, one line per text run."""
    parser = _Text()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts if part.strip())


def unreadable(text: str, language: str) -> list[str]:
    """Each forbidden thing in ``text``, with the words around it."""
    rules = RULES + (JAPANESE_RULES if language == "ja" else [])
    found = []
    for what, pattern in rules:
        for match in pattern.finditer(text):
            start, end = max(match.start() - 40, 0), match.end() + 40
            found.append(f"{what} {match.group()!r} in …{text[start:end]}…")
    return found
