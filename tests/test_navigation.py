"""The header and home page show each role what it may open, and what needs it first.

One declaration (clair_portal.navigation) feeds both; every link they show a
role answers 200 to it (``tests/test_journeys.py`` crawls further, with the
demo data).
"""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from clair_portal.navigation import all_sections, sections_for
from clair_portal.testing.access import ROLES

pytestmark = pytest.mark.django_db


class HeaderAndHomeLinks(HTMLParser):
    """The links inside the page's header and main, with their text."""

    def __init__(self):
        super().__init__()
        self.depth = {"header": 0, "main": 0}
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.depth:
            self.depth[tag] += 1
        if tag == "a" and any(self.depth.values()):
            href = dict(attrs).get("href", "")
            if href.startswith("/") and not href.startswith("/#"):
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in self.depth:
            self.depth[tag] -= 1


def shown_links(html: str) -> list[str]:
    parser = HeaderAndHomeLinks()
    parser.feed(html)
    return parser.links


def client_for(cast, role) -> Client:
    client = Client()
    user = cast.by_role(role)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("role", ROLES)
def test_every_link_home_and_the_header_show_a_role_answers_200(cast, role, language):
    client = client_for(cast, role)
    home = client.get(f"/{language}/")
    assert home.status_code == 200
    links = shown_links(home.content.decode())
    assert links, "home shows no links"
    answers = {link: client.get(link, follow=True).status_code for link in set(links)}
    assert {link: code for link, code in answers.items() if code != 200} == {}


def test_each_role_sees_the_sections_it_uses_and_no_other(cast):
    from jet.tests import factories as jet_factories

    jet_factories.participant(user=cast.participant)
    keys = {
        role: {s.key for s in sections_for(cast.by_role(role) or _anonymous())} for role in ROLES
    }
    public = {"offices", "sister-cities", "multicultural", "about", "publications", "training"}
    own = {"jobs", "inbox", "account"}
    assert keys["anonymous"] == public
    assert keys["participant"] == public | own | {"jet", "jet-counselling"}
    assert keys["office_a"] == public | own | {"office-reports", "cooperation", "desk"}
    assert keys["hq"] == public | own | {
        "office-reports", "cooperation", "jet-statistics", "admin", "desk"
    }  # fmt: skip
    assert "desk-requests" in keys["org_a"] and "desk" not in keys["org_a"]
    assert {s.key for s in all_sections()} >= keys["superuser"]


def test_a_role_without_its_record_is_not_shown_the_records_pages(cast):
    """A participant account without a participant record (a group given by hand) gets no
    JET link, which would answer 404; office staff without an office no reports link."""
    from clair_portal.accounts.roles import OFFICE_STAFF
    from conftest import make_user

    stray = make_user("stray.staff@example.org", role=OFFICE_STAFF)
    assert "jet" not in {s.key for s in sections_for(cast.participant)}
    assert "office-reports" not in {s.key for s in sections_for(stray)}


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_home_lists_what_needs_each_role_first(cast, reference_data):
    from jet.models import Reappointment
    from jet.tests import factories as jet_factories
    from offices import services as office_services
    from offices.tests.reports.factories import filed_report
    from sistercities.tests import factories as sc_factories

    placement = jet_factories.placement(
        jet_factories.participant(user=cast.participant), state="published"
    )
    Reappointment.objects.create(
        placement=placement, deadline=timezone.localdate() + timedelta(days=9)
    )
    report = filed_report(cast.office_a, "2026-01-01", submit=True)
    sc_factories.partner_request(state="pending")

    participant_home = client_for(cast, "participant").get("/en/").content.decode()
    assert "Your reappointment: 1 answer needed" in participant_home
    hq_home = client_for(cast, "hq").get("/ja/").content.decode()
    assert "確認待ちの事務所報告が1件あります" in hq_home
    assert "審査待ちの提携希望申込が1件あります" in hq_home

    office_services.return_report(cast.hq, report.pk, comment="Please add the budget.")
    london_home = client_for(cast, "office_a").get("/en/").content.decode()
    assert "1 report returned to your office for changes" in london_home
    paris_home = client_for(cast, "office_b").get("/en/").content.decode()
    assert "returned to your office" not in paris_home
    assert "Nothing needs your attention now" in paris_home


@pytest.mark.parametrize("role", ["anonymous", "participant", "office_a", "hq"])
def test_home_costs_the_same_few_queries_whatever_the_data(
    cast, role, django_assert_max_num_queries, reference_data
):
    from sistercities.tests import factories as sc_factories

    for _ in range(5):
        sc_factories.partner_request(state="pending")
    client = client_for(cast, role)
    # Session, user and groups; one membership or record per section's audience; one
    # count per task; the inbox badge.
    with django_assert_max_num_queries(14):
        assert client.get("/en/").status_code == 200


def test_sections_past_the_rows_room_fold_under_more_which_marks_the_page_s_section(client, cast):
    from clair_portal.navigation import HEADER_ROWS_ROOM, header_sections

    shown, more = header_sections(cast.hq)
    assert len(shown) <= HEADER_ROWS_ROOM and more  # HQ works in more sections than fit
    client.force_login(cast.hq)
    page = client.get(more[-1].url).content.decode()
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    assert 'class="more-menu__current"' in header
    assert f'href="{more[-1].url}" aria-current="true"' in header
    home = client.get(shown[0].url).content.decode()
    assert "more-menu__current" not in home
