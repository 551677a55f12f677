"""The reference app's batch report: every Japanese local government."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from clair_portal.jobs.kinds import CHUNK_SIZE, Row, column_title, report
from reference.models import LocalGovernment


def _local_government_count(params: dict) -> int:
    return LocalGovernment.objects.count()


@report(
    "local-governments",
    title=_("Japanese local governments"),
    description=_(
        "Every prefecture and municipality with its JIS X 0402 code, kind, prefecture "
        "and names in kanji, katakana and romaji."
    ),
    count=_local_government_count,
)
def local_governments(params: dict) -> Iterator[Row]:
    yield [
        column_title(LocalGovernment, "code"),
        column_title(LocalGovernment, "kind"),
        column_title(LocalGovernment, "prefecture"),
        column_title(LocalGovernment, "name_kanji"),
        column_title(LocalGovernment, "name_kana"),
        column_title(LocalGovernment, "name_romaji"),
    ]
    rows = LocalGovernment.objects.with_prefecture().order_by("code")
    for lg in rows.iterator(chunk_size=CHUNK_SIZE):
        yield [
            lg.code,
            lg.get_kind_display(),
            lg.prefecture.display_name() if lg.prefecture else "",
            lg.name_kanji,
            lg.name_kana,
            lg.name_romaji,
        ]
