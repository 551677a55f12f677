"""What the apps plug into the core through their hook modules: API routes, batch
reports and demo accounts, the same as when the core named them itself."""

import pytest

from clair_portal import demo
from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.api import router
from clair_portal.jobs.kinds import registry

pytestmark = pytest.mark.django_db


def test_the_api_routes_are_the_apps_routes_in_app_order():
    assert [(prefix, basename) for prefix, _viewset, basename in router.registry] == [
        ("offices", "office"),
        ("sister-cities", "affiliation"),
        ("local-governments", "local-government"),
        ("partner-requests", "partner-request"),
        ("exchange-projects", "exchange-project"),
        ("exchange-events", "exchange-event"),
        ("living-information", "library-entry"),
    ]


def test_every_batch_report_is_registered_by_the_app_that_owns_its_data():
    owners = {kind.key: kind.rows.__module__ for kind in registry}
    assert owners == {
        "local-governments-csv": "reference.reports",
        "local-governments-xlsx": "reference.reports",
        "office-directory-csv": "offices.reports",
        "office-directory-xlsx": "offices.reports",
        "office-reports-consolidated-zip": "offices.reports",
        "assistance-requests-csv": "offices.reports",
        "assistance-requests-xlsx": "offices.reports",
        "jet-participants-xlsx": "jet.reports",
        "jet-participants-csv": "jet.reports",
        "partnership-survey-xlsx": "sistercities.reports",
        "grant-applications-xlsx": "multicultural.reports",
        "grant-applications-csv": "multicultural.reports",
        "training-participation-xlsx": "training.reports",
        "training-participation-csv": "training.reports",
        "training-subsidies-xlsx": "training.reports",
        "training-subsidies-csv": "training.reports",
    }


def test_the_demo_accounts_are_the_readme_logins_with_their_roles_and_offices(reference_data):
    [first] = demo.load()
    assert (first.created, first.unchanged) == (11, 0)
    accounts = {
        user.email: user
        for user in User.objects.prefetch_related("groups").select_related("office_membership")
    }
    assert set(accounts) == {
        "admin@clair-demo.test",
        "hq@clair-demo.test",
        "london@clair-demo.test",
        "paris@clair-demo.test",
        "jet@clair-demo.test",
        "nagasaki@clair-demo.test",
        "nagasaki-pref@clair-demo.test",
        "nagasaki-approver@clair-demo.test",
        "seoul@clair-demo.test",
        "counsellor@clair-demo.test",
        "pa@clair-demo.test",
    }
    assert all(
        user.is_demo and user.check_password(demo.DEMO_PASSWORD) for user in accounts.values()
    )
    assert accounts["admin@clair-demo.test"].is_superuser
    assert {g.name for g in accounts["counsellor@clair-demo.test"].groups.all()} == {
        "JET counsellors",
        "JET counselling lead",
    }
    assert not accounts["pa@clair-demo.test"].groups.exists()  # a PA post, named by HQ
    assert accounts["london@clair-demo.test"].office_membership.office.code == "london"
    assert accounts["paris@clair-demo.test"].office_membership.office.code == "paris"
    assert accounts["seoul@clair-demo.test"].office_membership.office.code == "seoul"
    approver = accounts["nagasaki-approver@clair-demo.test"]
    assert approver.organisation_memberships.get(is_active=True).training_approver.is_active
    assert [g.name for g in accounts["jet@clair-demo.test"].groups.all()] == [roles.JET_PARTICIPANT]
    nagasaki = accounts["nagasaki@clair-demo.test"]
    assert [g.name for g in nagasaki.groups.all()] == [roles.ORGANISATION_OFFICER]
    membership = nagasaki.organisation_memberships.get(is_active=True)
    assert membership.organisation.local_government_id == "422011"
    prefecture = accounts["nagasaki-pref@clair-demo.test"]
    assert [g.name for g in prefecture.groups.all()] == [roles.ORGANISATION_OFFICER]
    membership = prefecture.organisation_memberships.get(is_active=True)
    assert membership.organisation.local_government_id == "420000"  # Nagasaki Prefecture

    [again] = demo.load()
    assert (again.created, again.unchanged) == (0, 11)
