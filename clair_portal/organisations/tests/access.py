"""The organisations' rows of the access matrix (tests/test_access_inventory.py).

An organisation's pages show the signed-in officer's own organisation: both
officers of the cast (org_a Nagasaki City, org_b Sapporo City) get their own,
everyone else 404. test_isolation.py checks that each sees only its own,
and that a refused invitation (POST) changes nothing.
"""

from clair_portal.testing.access import LOGIN, Row, everyone

# The invitation link is opened before its owner can sign in (the token in it is
# the credential, tested in test_invitations.py); anyone may ask for an account.
PUBLIC = {"accounts:invitation", "organisations:request_account"}

OFFICERS = everyone(404, anonymous=LOGIN, org_a=200, org_b=200)

MATRIX = {
    "organisations:home": Row(OFFICERS),
    "organisations:colleagues": Row(OFFICERS),
}
