"""The grant officers move onto the core's organisation membership: nobody and nothing lost."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from clair_portal.accounts.models import User
from clair_portal.organisations.access import organisation_of
from clair_portal.organisations.models import Membership
from multicultural import services
from multicultural.models import GrantApplication

BEFORE = [("multicultural", "0001_initial")]
AFTER = [("multicultural", "0003_remove_grant_officers")]


def _old_world(apps):
    """Officers of a city, a prefecture and an association, and applications of each body."""
    OldUser = apps.get_model("accounts", "User")
    GrantOfficer = apps.get_model("multicultural", "GrantOfficer")
    Association = apps.get_model("reference", "RegionalAssociation")
    Programme = apps.get_model("multicultural", "GrantProgramme")
    Category = apps.get_model("multicultural", "GrantCategory")
    Application = apps.get_model("multicultural", "GrantApplication")
    association = Association.objects.create(
        name="Niigata International Association",
        name_en="Niigata International Association",
        serves_id="150002",
    )
    now = timezone.now()
    programme = Programme.objects.create(
        name="Grants",
        name_en="Grants",
        fiscal_year=2026,
        budget=10_000_000,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
    )
    category = Category.objects.create(code="interpreters", name="Interpreters")
    bodies = {
        "nagaoka": {"local_government_id": "152021"},
        "nagaoka2": {"local_government_id": "152021"},  # two officers of one body
        "niigata-pref": {"local_government_id": "150002"},
        "association": {"association_id": association.pk},
    }
    for name, body in bodies.items():
        user = OldUser.objects.create(email=f"{name}@example.org", password="!")
        GrantOfficer.objects.create(user=user, **body)
        for n in range(2):
            Application.objects.create(
                programme=programme,
                category=category,
                prefecture_id="150002",
                applicant_kind="municipal",
                created_by=user,
                title=f"{name} {n}",
                summary="x",
                project_start=date(2026, 5, 1),
                project_end=date(2026, 9, 1),
                requested_amount=1_000_000,
                **body,
            )
    return association


@pytest.mark.django_db(transaction=True)
def test_every_grant_officer_becomes_a_member_and_keeps_their_applications():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        association = _old_world(executor.loader.project_state(BEFORE).apps)
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

        memberships = Membership.objects.select_related("user", "organisation")
        assert memberships.count() == 4
        assert all(m.is_active for m in memberships)
        by_email = {m.user.email: m.organisation for m in memberships}
        assert by_email["nagaoka@example.org"] == by_email["nagaoka2@example.org"]
        assert by_email["nagaoka@example.org"].local_government_id == "152021"
        assert by_email["niigata-pref@example.org"].local_government_id == "150002"
        assert by_email["association@example.org"].association_id == association.pk
        # Each membership's history starts with the move.
        assert all(m.history.filter(history_type="+").exists() for m in memberships)

        assert GrantApplication.objects.count() == 8
        for email, titles in {
            "nagaoka@example.org": {"nagaoka 0", "nagaoka 1", "nagaoka2 0", "nagaoka2 1"},
            "niigata-pref@example.org": {"niigata-pref 0", "niigata-pref 1"},
            "association@example.org": {"association 0", "association 1"},
        }.items():
            user = User.objects.get(email=email)
            assert organisation_of(user) == by_email[email]
            assert services.officer_of(user) is not None
            seen = set(GrantApplication.objects.for_user(user).values_list("title", flat=True))
            assert seen == titles
            assert user.groups.filter(name="Organisation officers").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_without_losing_an_officer():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        _old_world(executor.loader.project_state(BEFORE).apps)
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        GrantOfficer = executor.loader.project_state(BEFORE).apps.get_model(
            "multicultural", "GrantOfficer"
        )
        assert set(GrantOfficer.objects.values_list("user__email", "local_government_id")) == {
            ("nagaoka@example.org", "152021"),
            ("nagaoka2@example.org", "152021"),
            ("niigata-pref@example.org", "150002"),
            ("association@example.org", None),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
