"""HQ's grant dashboard: money and counts per fiscal year."""

from dataclasses import dataclass

from django.db.models import Count, Sum

from multicultural.models import Disbursement, GrantApplication, GrantProgramme
from reference.models import LocalGovernment


@dataclass
class Money:
    budget: int
    committed: int
    disbursed: int

    @property
    def remaining(self) -> int:
        return self.budget - self.committed

    def percent(self, amount: int) -> float:
        return round(100 * amount / self.budget, 1) if self.budget else 0.0

    @property
    def disbursed_percent(self):
        return self.percent(self.disbursed)

    @property
    def undisbursed_percent(self):
        return self.percent(self.committed - self.disbursed)

    @property
    def remaining_percent(self):
        return self.percent(max(self.remaining, 0))


def fiscal_years() -> list[int]:
    return list(
        GrantProgramme.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def dashboard(fiscal_year: int) -> dict:
    """Committed, disbursed and remaining for one fiscal year, per programme and prefecture.

    Four grouped queries whatever the number of applications: programmes with
    their awarded and paid sums (subqueries, so the joins do not multiply),
    awards per prefecture, payments per prefecture, and the prefectures' names.
    """
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    awarded = (
        GrantApplication.objects.filter(programme=OuterRef("pk"))
        .values("programme")
        .annotate(total=Sum("awarded_amount"))
        .values("total")
    )
    paid = (
        Disbursement.objects.filter(application__programme=OuterRef("pk"))
        .values("application__programme")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    programmes = list(
        GrantProgramme.objects.filter(fiscal_year=fiscal_year)
        .annotate(
            committed_total=Coalesce(Subquery(awarded), 0),
            disbursed_total=Coalesce(Subquery(paid), 0),
        )
        .order_by("name")
    )
    rows = [(p, Money(p.budget, p.committed_total, p.disbursed_total)) for p in programmes]
    total = Money(
        sum(m.budget for _, m in rows),
        sum(m.committed for _, m in rows),
        sum(m.disbursed for _, m in rows),
    )
    awards = {
        row["prefecture"]: row
        for row in GrantApplication.objects.awarded()
        .filter(programme__fiscal_year=fiscal_year)
        .values("prefecture")
        .annotate(committed=Sum("awarded_amount"), count=Count("pk"))
    }
    payments = dict(
        Disbursement.objects.filter(application__programme__fiscal_year=fiscal_year)
        .values("application__prefecture")
        .annotate(total=Sum("amount"))
        .values_list("application__prefecture", "total")
    )
    prefectures = []
    if awards:
        for prefecture in LocalGovernment.objects.prefectures().order_by("code"):
            row = awards.get(prefecture.code)
            if row:
                prefectures.append(
                    {
                        "prefecture": prefecture,
                        "count": row["count"],
                        "committed": row["committed"],
                        "disbursed": payments.get(prefecture.code, 0),
                    }
                )
    top = max((p["committed"] for p in prefectures), default=0)
    return {"programmes": rows, "total": total, "prefectures": prefectures, "top": top}
