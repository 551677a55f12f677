"""Demo affiliations: hundreds, across countries and prefectures, beside the real first one."""

import pytest
from django.db.models.functions import Coalesce

from sistercities import demo_data
from sistercities.models import (
    Affiliation,
    ExchangeProject,
    PartnerRequest,
    PartnershipContact,
    PartnershipSurvey,
)

pytestmark = pytest.mark.django_db


def test_demo_data_is_varied_keeps_nagasaki_st_paul_real_and_loads_once(reference_data):
    first, partnering, nagasaki = demo_data.load()
    assert first.created == demo_data.COUNT  # the first affiliation is reference data
    first_ever = Affiliation.objects.get(japanese__code="422011", partner__name_en="Saint Paul")
    assert (first_ever.established_year, first_ever.partner.country.code) == (1955, "US")
    assert first_ever.partner.region == "Minnesota"
    assert not first_ever.is_demo  # real: the demo notice says so
    assert Affiliation.objects.filter(is_demo=True).count() == demo_data.COUNT
    countries = Affiliation.objects.values("partner__country").distinct().count()
    prefectures = (
        Affiliation.japanese.through.objects.annotate(
            p=Coalesce("localgovernment__prefecture_id", "localgovernment_id")
        )
        .values("p")
        .distinct()
        .count()
    )
    assert countries >= 20 and prefectures >= 40
    assert not Affiliation.objects.filter(status="ended", ended_on__isnull=True).exists()
    # Requests, projects and a seminar edition, every one flagged as demo.
    assert partnering.created == 5 + 3 + 4 + 1
    assert PartnerRequest.objects.published().filter(is_demo=True, organisation=None).count() == 8
    # Nagasaki City's own: a draft, and a published request with an inquiry (issue 15).
    own = PartnerRequest.objects.filter(organisation__local_government_id="422011")
    assert sorted(own.values_list("state", flat=True)) == ["draft", "published"]
    assert own.get(state="published").inquiries.count() == 1
    assert nagasaki.created == 3 + 1  # the requests, the inquiry, last year's survey
    assert ExchangeProject.objects.filter(is_demo=True, affiliation__is_demo=True).count() == 4
    assert (
        PartnershipContact.objects.count()
        == Affiliation.japanese.through.objects.values("localgovernment_id").distinct().count()
    )
    this_year, last_year = PartnershipSurvey.objects.order_by("-year")
    assert this_year.state == "draft" and last_year.state == "closed"
    assert last_year.invitations.filter(responded_at__isnull=False).exists()
    assert last_year.invitations.filter(responded_at__isnull=True).exists()
    again, partnering_again, nagasaki_again = demo_data.load()
    assert again.created == 0 and partnering_again.created == 0 and nagasaki_again.created == 0
    assert Affiliation.objects.count() == demo_data.COUNT + 1
