"""Counts of consultations for the counselling lead, each cell under 5 suppressed.

Every table is computed in the database (one query each) from what the
retention task keeps: month, topic, prefecture, role and times. A count under
``THRESHOLD`` is never shown (0 included); where a table would then have a
single hidden cell, the next smallest is hidden too, so that the total of
another table cannot give the hidden one away.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from jet.models import Consultation, Role, Topic
from reference.models import LocalGovernment

THRESHOLD = 5


@dataclass
class Cell:
    label: str
    count: int
    hidden: bool = False


def suppress(rows: list[tuple[str, int]]) -> list[Cell]:
    """Cells with counts under the threshold hidden, and one more if only one would be."""
    cells = [Cell(str(label), count, count < THRESHOLD) for label, count in rows]
    hidden = [c for c in cells if c.hidden]
    shown = sorted((c for c in cells if not c.hidden), key=lambda c: c.count)
    if len(hidden) == 1 and shown:
        shown[0].hidden = True
    return cells


def consultations(year=None):
    rows = Consultation.objects.all()
    return rows.filter(created_at__year=year) if year else rows


def by_month(year=None) -> list[Cell]:
    rows = (
        consultations(year)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return suppress([(r["month"].strftime("%Y-%m"), r["n"]) for r in rows])


def by_topic(year=None) -> list[Cell]:
    counts = dict(consultations(year).values_list("topic").annotate(n=Count("id")).order_by())
    return suppress([(label, counts.get(value, 0)) for value, label in Topic.choices])


def by_prefecture(year=None) -> list[Cell]:
    counts = dict(
        consultations(year).values_list("prefecture_id").annotate(n=Count("id")).order_by()
    )
    names = {p.pk: str(p) for p in LocalGovernment.objects.filter(pk__in=[c for c in counts if c])}
    return suppress(
        [(names.get(code, _("unknown")), n) for code, n in sorted(counts.items(), key=_code)]
    )


def _code(item):
    return item[0] or "999999"  # the unknown prefecture last


def by_role(year=None) -> list[Cell]:
    counts = dict(consultations(year).values_list("role").annotate(n=Count("id")).order_by())
    rows = [(label, counts.get(value, 0)) for value, label in Role.choices]
    # Organisations' consultations carry no role.
    rows.append((_("contracting organisations"), counts.get("", 0)))
    return suppress(rows)


BUCKETS = [
    (timedelta(hours=1), _("within an hour")),
    (timedelta(days=1), _("within a day")),
    (timedelta(days=3), _("within three days")),
    (timedelta(days=7), _("within a week")),
    (None, _("longer")),
]


def by_time_to_first_answer(year=None) -> list[Cell]:
    """How long consultations waited for their first answer (one query); the unanswered apart."""
    wait = ExpressionWrapper(F("first_answer_at") - F("created_at"), output_field=DurationField())
    counts, lower = {}, None
    for i, (limit, _label) in enumerate(BUCKETS):
        condition = Q(first_answer_at__isnull=False)
        if lower is not None:
            condition &= Q(wait__gt=lower)
        if limit is not None:
            condition &= Q(wait__lte=limit)
        counts[f"b{i}"] = Count("id", filter=condition)
        lower = limit
    counts["unanswered"] = Count("id", filter=Q(first_answer_at__isnull=True))
    result = consultations(year).annotate(wait=wait).aggregate(**counts)
    rows = [(label, result[f"b{i}"]) for i, (_limit, label) in enumerate(BUCKETS)]
    rows.append((_("not answered yet"), result["unanswered"]))
    return suppress(rows)
