"""Affiliations created one at a time, checked like an imported row.

Bulk import and the downloads are in ``sistercities.resources`` (on the
tabular kit).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from clair_portal.errors import DomainError
from reference.models import ForeignLocalGovernment, LocalGovernment
from sistercities.models import Affiliation


class AffiliationError(DomainError):
    """A refused change, with a message for the person who asked for it."""


def create_affiliation(
    *, japanese: Iterable[LocalGovernment], partner: ForeignLocalGovernment, **values
) -> Affiliation:
    """One affiliation with its Japanese parties (at least one), checked like an import row."""
    japanese = list(japanese)
    if not japanese:
        raise AffiliationError(_("An affiliation needs at least one Japanese local government."))
    if values.get("status") == Affiliation.Status.ENDED and not values.get("ended_on"):
        raise AffiliationError(_("An ended affiliation needs its end date."))
    with transaction.atomic():
        affiliation = Affiliation.objects.create(partner=partner, **values)
        affiliation.japanese.set(japanese)
    return affiliation
