"""Loads Japan's local governments; called by ``manage.py load_reference_data``."""

from reference.loading import Outcome, sync
from reference.localgov import shipped_records
from reference.models import LocalGovernment
from reference.search import local_government_key


def load() -> list[Outcome]:
    records = shipped_records()
    rows = [
        LocalGovernment(
            code=r.code,
            kind=r.kind,
            prefecture_id=r.prefecture_code,
            name_kanji=r.name_kanji,
            name_kana=r.name_kana,
            name_romaji=r.name_romaji,
            search_key=local_government_key(r.name_kanji, r.name_kana, r.name_romaji),
        )
        for r in records
    ]
    fields = ["kind", "prefecture_id", "name_kanji", "name_kana", "name_romaji", "search_key"]
    return [sync(LocalGovernment, rows, key="code", fields=fields)]
