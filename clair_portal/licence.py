"""The licence of the portal's public data: CC BY 4.0, Japan's open-data standard.

One place for what every public download, dataset and API answer says about
reuse: the licence's name and address, the credit to give, an HTTP ``Link``
header (RFC 8288, relation ``license``) and the sentence shown beside links.
"""

from django.utils.translation import gettext_lazy as _

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"
CREDIT = _("Council of Local Authorities for International Relations (CLAIR)")


def link_header() -> str:
    """The value of a ``Link`` header pointing at the licence."""
    return f'<{LICENCE_URL}>; rel="license"'


def with_licence_link(response):
    """``response`` with the licence's ``Link`` header added; returned for chaining."""
    response["Link"] = link_header()
    return response


def statement() -> str:
    """One sentence for the notes of a file: the licence and the credit it asks for."""
    return str(
        _("Free to reuse under {licence} ({url}); credit “{credit}”.").format(
            licence=LICENCE_NAME, url=LICENCE_URL, credit=CREDIT
        )
    )
