"""HQ's batch report of participant-years, requested and downloaded from /jobs/."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clair_portal.accounts.roles import is_hq
from clair_portal.jobs.kinds import CHUNK_SIZE, CSV, XLSX, report
from jet import statistics
from jet.models import Role


def _count(params: dict) -> int:
    return statistics.report_rows(params.get("year")).count()


@report(
    "jet-participants",
    title=_("JET participants by year, country, role and prefecture"),
    description=_(
        "Counts of participant-years (placements not withdrawn) for each JET year, "
        "nationality, role and prefecture of the contracting organisation."
    ),
    formats=(XLSX, CSV),
    may_request=is_hq,
    count=_count,
)
def jet_participants(params: dict) -> Iterator[list]:
    from django.utils.translation import get_language

    japanese = (get_language() or "en").startswith("ja")
    roles = dict(Role.choices)
    yield [_("JET year"), _("country"), _("role"), _("prefecture"), _("participants")]
    rows = statistics.report_rows(params.get("year"))
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        prefecture = (
            row["organisation__prefecture__name_kanji"]
            if japanese
            else row["organisation__prefecture__name_romaji"]
        )
        yield [
            row["jet_year"],
            countries.name(row["participant__nationality"]),
            str(roles[row["role"]]),
            prefecture,
            row["n"],
        ]
