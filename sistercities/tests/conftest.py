import pytest
from django.db import transaction

from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities.models import Affiliation
from sistercities.reference_data import first_affiliation
from sistercities.services import create_affiliation


def partner(country, region, name_en, name_local=""):
    p = ForeignLocalGovernment(
        country=country, region=region, name_en=name_en, name_local=name_local
    )
    p.save()
    return p


class World:
    """A handful of affiliations that differ in every filter the search has."""

    def __init__(self):
        lg = LocalGovernment.objects.in_bulk
        japan = lg(["422011", "011002", "131016", "260002", "423076", "423084"])
        # Japan's first affiliation is reference data: the world gives it fields to filter on.
        first = first_affiliation()
        # In a savepoint of its own, as if HQ had edited it before the test: a test's own
        # later update must leave a different row version (the open data's fingerprint).
        with transaction.atomic():
            Affiliation.objects.filter(pk=first.pk).update(
                fields=["education", "culture"], signed_by_both_heads=True
            )
        self.saint_paul = first.partner
        self.portland = partner("US", "Oregon", "Portland")
        self.seoul = partner("KR", "Seoul", "Seoul", "서울특별시")
        self.etienne = partner("FR", "Auvergne-Rhône-Alpes", "Saint-Étienne", "Saint-Étienne")
        self.nagasaki_st_paul = Affiliation.objects.get(pk=first.pk)
        self.sapporo_portland = create_affiliation(
            japanese=[japan["011002"]],
            partner=self.portland,
            established_year=1959,
            kind="sister",
            fields=["economy"],
        )
        self.chiyoda_seoul = create_affiliation(
            japanese=[japan["131016"]],
            partner=self.seoul,
            established_year=1988,
            kind="friendship",
            status="dormant",
            fields=["youth", "sports"],
        )
        self.kyoto_etienne = create_affiliation(
            japanese=[japan["260002"]],
            partner=self.etienne,
            established_year=2003,
            kind="other",
            status="ended",
            ended_on="2013-03-31",
            fields=["culture"],
        )
        # Two towns of Nagasaki prefecture together with one partner.
        self.joint = create_affiliation(
            japanese=[japan["423076"], japan["423084"]],
            partner=self.portland,
            established_year=2010,
            fields=["tourism"],
        )

    @property
    def all(self):
        return [
            self.nagasaki_st_paul,
            self.sapporo_portland,
            self.chiyoda_seoul,
            self.kyoto_etienne,
            self.joint,
        ]


@pytest.fixture
def world(reference_data):
    return World()
