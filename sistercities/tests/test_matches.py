"""Suggested matches: compatible requests and local governments, best first, with reasons."""

import pytest

from sistercities import matching
from sistercities.models import PartnerRequest
from sistercities.tests import factories

pytestmark = pytest.mark.django_db


def test_requests_are_ranked_by_country_size_fields_and_industries(cast):
    mine = factories.japanese_request(
        by=cast.hq,
        population=400_000,
        desired_countries=["GB"],
        fields=["education", "culture"],
        industries=["tourism"],
    )
    best = factories.partner_request(
        by=cast.hq,
        name="Best Town",
        population=350_000,
        desired_countries=["JP"],
        fields=["education", "culture"],
        industries=["tourism"],
    )
    fair = factories.partner_request(
        by=cast.hq,
        name="Fair Town",
        population=8_000,
        desired_countries=[],
        fields=["culture"],
        industries=[],
    )
    # In a country Nagasaki does not want: never suggested.
    factories.partner_request(
        by=cast.hq, name="French Town", country="FR", fields=["education", "culture"]
    )
    # Unpublished: never suggested.
    factories.partner_request(state="pending", name="Hidden Town", fields=["education"])
    # Same side (Japanese): never suggested.
    factories.japanese_request(code="172014", by=cast.hq, fields=["education"])

    suggestions = matching.suggest_requests(mine)
    assert [s.request for s in suggestions] == [best, fair]
    assert suggestions[0].score > suggestions[1].score
    reasons = suggestions[0].reasons
    assert "in a country you want: United Kingdom" in reasons
    assert "they want a partner in Japan" in reasons
    assert "similar population (350,000)" in reasons
    assert "shares 2 fields of exchange: education, culture" in reasons
    assert "shared industries: tourism" in reasons
    assert "they are open to any country" in suggestions[1].reasons
    # The database ranks by the same points as the reasons shown.
    in_sql = PartnerRequest.objects.annotate(score=matching.score_expression(mine))
    for suggestion in suggestions:
        assert in_sql.get(pk=suggestion.request.pk).score == suggestion.score


def test_a_request_from_abroad_is_shown_local_governments_that_work_with_its_country(cast):
    britain = factories.foreign("GB", "Exeter", "England")
    france = factories.foreign("FR", "Nancy", "Grand Est")
    factories.affiliation("422011", britain, fields=["education"])
    factories.affiliation("172014", france, fields=["education", "culture"])
    factories.affiliation("011002", france, fields=["economy"])  # neither
    mine = factories.partner_request(by=cast.hq, fields=["education"])

    suggestions = matching.suggest_local_governments(mine)
    assert [s.local_government.code for s in suggestions] == ["422011", "172014"]
    assert suggestions[0].reasons == [
        "already has 1 active affiliation(s) in United Kingdom",
        "1 affiliation(s) in your fields of exchange",
    ]


def test_the_detail_page_shows_the_suggestions_with_reasons(
    client, cast, django_assert_max_num_queries
):
    factories.affiliation("422011", factories.foreign(), fields=["education"])
    mine = factories.partner_request(by=cast.hq)
    other = factories.japanese_request(by=cast.hq, fields=["education"])
    # the request with its Japanese party, its images, the candidate requests, the local
    # governments' counts and those local governments
    with django_assert_max_num_queries(5):
        response = client.get(f"/en/sister-cities/partners/{mine.pk}/")
    page = response.content.decode()
    assert f'href="/en/sister-cities/partners/{other.pk}/"' in page
    assert "shares 1 field of exchange: education" in page
    assert "already has 1 active affiliation(s)" in page
    # The local government is a link too: to the search showing its affiliations.
    assert 'href="/en/sister-cities/?q=%E9%95%B7%E5%B4%8E%E5%B8%82">Nagasaki City</a>' in page


def test_requests_and_local_governments_are_one_list_sorted_by_score_in_words(client, cast):
    britain = factories.foreign("GB", "Exeter", "England")
    factories.affiliation("422011", britain, fields=["education", "culture"])
    mine = factories.partner_request(by=cast.hq, fields=["education", "culture", "sports"])
    weak = factories.japanese_request(
        by=cast.hq,
        fields=["economy"],
        industries=[],
        population=5_000_000,
        desired_countries=["FR"],
    )
    strong = factories.japanese_request(
        code="172014", by=cast.hq, fields=["education", "culture", "sports"]
    )
    suggestions = matching.suggest_all(mine)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True) and len(scores) == 3
    assert suggestions[0].request == strong and suggestions[-1].request == weak
    page = client.get(f"/en/sister-cities/partners/{mine.pk}/").content.decode()
    listed = page[page.index('<ol class="sc-matches">') : page.index("</ol>")]
    assert "score" not in listed
    assert listed.count("<a href=") == 3
    assert "a strong match" in listed and "a possible match" in listed
    assert "shares 3 fields of exchange: education, culture, sports" in listed


def test_a_request_that_wants_other_countries_gets_no_suggestions_from_japan(cast):
    factories.japanese_request(by=cast.hq, fields=["education"])
    factories.affiliation("422011", factories.foreign(), fields=["education"])
    mine = factories.partner_request(by=cast.hq, desired_countries=["FR"])
    assert matching.suggest_requests(mine) == []
    assert matching.suggest_local_governments(mine) == []
