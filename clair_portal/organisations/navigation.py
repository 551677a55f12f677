"""The organisation's home in the header, for its officers (clair_portal.navigation)."""

from django.utils.translation import gettext_lazy as _

from clair_portal.navigation import Section
from clair_portal.organisations.access import is_officer

SECTIONS = [
    Section(
        "my-organisation",
        _("My organisation"),
        "organisations:home",
        _(
            "What your organisation does with CLAIR: what needs your answer, its affiliations, "
            "grants and colleagues."
        ),
        is_officer,
        order=5,
    ),
]
