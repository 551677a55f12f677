import pytest

from jet.tests.counselling import build_team


@pytest.fixture
def team(cast):
    """Counsellors, the lead and two PAs beside the standing cast (jet/tests/counselling.py)."""
    return build_team(cast)
