"""PDF documents with Japanese text, through fpdf2, the font embedded as a subset.

The font is Noto Sans CJK JP (OFL-1.1, ``fonts/LICENSE.OFL.txt``), cut by
``build_font.py`` to Latin, kana and the kanji of JIS X 0213 and committed, so
that no machine needs a system font: every PDF carries the glyphs it uses, and
reads the same in any viewer.
"""

from pathlib import Path

from fpdf import FPDF

FONT_FILE = Path(__file__).with_name("fonts") / "NotoSansJP-Subset.otf"
FONT = "NotoSansJP"


def document(*, title: str, author: str, language: str, landscape: bool = False) -> FPDF:
    """An empty A4 document with the Japanese font registered and its metadata set."""
    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.add_font(FONT, fname=str(FONT_FILE))
    pdf.set_font(FONT, size=12)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("CLAIR Portal")
    pdf.set_lang(language)
    pdf.set_auto_page_break(auto=False)
    return pdf


def as_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())
