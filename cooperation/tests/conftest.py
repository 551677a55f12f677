import pytest

from cooperation.tests import factories


class CoopCast:
    """Who the cooperation pages are for, and who they must refuse.

    Specialist A and B each have their own profile; office A (London) is
    responsible for the United Kingdom, office B (Paris) for France; HQ
    cooperation staff hold ``view_passport``, other HQ staff do not.
    """

    def __init__(self, cast):
        self.specialist_a = factories.specialist_user("alice.specialist@example.org").user
        self.specialist_b = factories.specialist_user("bob.specialist@example.org").user
        self.office_a = cast.office_a
        self.office_b = cast.office_b
        self.hq_coop = factories.cooperation_staff()
        self.hq_other = cast.hq
        self.anonymous = None

    def by_role(self, role):
        return getattr(self, role)


COOP_ROLES = [
    "specialist_a",
    "specialist_b",
    "office_a",
    "office_b",
    "hq_coop",
    "hq_other",
    "anonymous",
]


@pytest.fixture
def coop(cast):
    return CoopCast(cast)


@pytest.fixture(autouse=True)
def _english():
    """Messages and reversed URLs are English unless a test asks for another language.

    A request to a /ja/ page leaves Japanese active in the test's thread; without
    this, the tests after it would reverse /ja/ URLs and read Japanese errors.
    """
    from django.utils import translation

    with translation.override("en"):
        yield
