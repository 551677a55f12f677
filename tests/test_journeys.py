"""Every demo role's journey, walked as that role would walk it: no dead ends.

Starting from home in English and in Japanese, the crawl follows every link a
page shows (header, home, page bodies) for three clicks and asks each address
once. Any answer other than 200 or a redirect to a page that answers 200 is a
dead end shown to someone who cannot use it. Downloads are asked for (their
status counts) but not read for further links; the admin is left to
``tests/test_admin_roles.py``, which walks it model by model.
"""

import pytest
from django.core.management import call_command
from django.test import Client

from clair_portal.accounts.models import User
from clair_portal.testing.crawl import crawl

pytestmark = pytest.mark.django_db

DEMO_ROLES = [
    None,
    "admin@clair-demo.test",
    "hq@clair-demo.test",
    "london@clair-demo.test",
    "paris@clair-demo.test",
    "jet@clair-demo.test",
    "specialist@clair-demo.test",
    "officer@clair-demo.test",
    "association@clair-demo.test",
    "sendai@clair-demo.test",
    "nagasaki@clair-demo.test",
    "nagasaki-pref@clair-demo.test",
    "counsellor@clair-demo.test",
    "pa@clair-demo.test",
]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_link_a_role_is_shown_within_three_clicks_is_a_dead_end(
    reference_data, settings, language
):
    settings.DEBUG = True  # the demo data exists only with DEBUG on
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False
    dead = []
    for number, email in enumerate(DEMO_ROLES, start=1):
        client = Client(REMOTE_ADDR=f"192.0.2.{number}")  # one person each, as the limits see them
        if email:
            client.force_login(User.objects.get(email=email))
        statuses, found_on = crawl(client, f"/{language}/")
        assert len(statuses) > 5, email  # the crawl went somewhere
        dead += [
            f"{email or 'anonymous'}: {status} {url} (linked from {found_on.get(url)})"
            for url, status in sorted(statuses.items())
            if status != 200
        ]
    assert dead == [], "dead ends:\n" + "\n".join(dead)
