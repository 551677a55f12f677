from types import SimpleNamespace

import pytest

from training.tests import factories


@pytest.fixture
def people(cast):
    """Nagasaki City's officer (``cast.org_a``, in Japanese) and a colleague, with their
    approver; a Sapporo officer (``cast.org_b``); HQ."""
    colleague = factories.officer(
        "nagasaki.colleague@example.org",
        local_government=factories.NAGASAKI_CITY,
        full_name="Nagasaki Colleague",
    )
    approver = factories.officer(
        "nagasaki.approver@example.org",
        local_government=factories.NAGASAKI_CITY,
        full_name="Nagasaki Approver",
    )
    factories.approver(approver)
    return SimpleNamespace(
        officer=cast.org_a,
        colleague=colleague,
        approver=approver,
        other=cast.org_b,
        hq=cast.hq,
    )
