"""Build clair_portal/pdf/fonts/NotoSansJP-Subset.otf from Noto Sans CJK JP Regular.

Run once by hand where Debian's fonts-noto-cjk is installed (the portal and CI only
read the built file, committed with its licence, OFL-1.1, beside it):

    .venv/bin/python clair_portal/pdf/build_font.py

The subset keeps what Japanese and English certificates print: ASCII and Latin-1,
general punctuation, kana, CJK symbols, full-width forms and every character of
JIS X 0213 (which includes JIS X 0208's 6,355 kanji) and of Windows' code page 932
(髙, 﨑 and the other variants people write their names with).
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TARGET = Path(__file__).with_name("fonts") / "NotoSansJP-Subset.otf"
RANGES = [
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x2000, 0x206F),
    (0x2100, 0x218F),
    (0x2460, 0x24FF),
    (0x25A0, 0x25FF),
    (0x3000, 0x30FF),
    (0x31F0, 0x31FF),
    (0xFF00, 0xFFEF),
]


def characters() -> list[int]:
    chars = {c for low, high in RANGES for c in range(low, high + 1)}
    for code in (
        list(range(0x3400, 0x4DC0)) + list(range(0x4E00, 0xA000)) + list(range(0xF900, 0xFB00))
    ):
        for encoding in ("euc_jis_2004", "cp932"):
            try:
                chr(code).encode(encoding)
            except UnicodeEncodeError:
                continue
            chars.add(code)
            break
    return sorted(chars)


def main():
    font = TTCollection(SOURCE).fonts[0]  # Noto Sans CJK JP
    options = subset.Options()
    options.layout_features = []  # horizontal text only: no vertical forms, no kerning tables
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    TARGET.parent.mkdir(exist_ok=True)
    font.save(TARGET)
    print(TARGET, TARGET.stat().st_size)


if __name__ == "__main__":
    main()
