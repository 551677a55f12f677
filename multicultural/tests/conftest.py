"""The grants' own cast: officers of two bodies, a colleague, HQ and the public.

Body A is the Niigata International Association (two officers: the
applicant and a colleague); body B is Nagaoka City.
"""

import pytest

from multicultural.tests import factories


class GrantCast:
    def __init__(self, cast):
        self.hq = cast.hq
        self.association_a = factories.association()
        self.applicant_a = factories.officer(
            "applicant.a@example.org", association=self.association_a
        )
        self.colleague_a = factories.officer(
            "colleague.a@example.org", association=self.association_a
        )
        self.applicant_b = factories.officer(
            "applicant.b@example.org", local_government=factories.NAGAOKA
        )
        self.programme = factories.programme()

    def by_role(self, role):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def grants(cast):
    return GrantCast(cast)


@pytest.fixture(autouse=True)
def _english():
    """URLs reversed in tests carry /en/ unless a test asks for another language."""
    from django.utils import translation

    with translation.override("en"):
        yield
