"""Grant officers become officers of an organisation (the core's membership).

Each ``GrantOfficer`` (a user tied to one local government or association)
becomes an active ``Membership`` of that body's ``Organisation``, made here if
missing, with a creation row in the membership's history; the user also gets
the organisation-officer role. Applications point at the local government or
association, not at the officer, so none of them changes. Reversible: going
back makes one grant officer per active membership of such a body.
"""

from django.db import migrations
from django.utils import timezone

OFFICER_ROLE = "Organisation officers"
REASON = "Moved from the grant officers"


def _organisation(Organisation, officer):
    if officer.local_government_id:
        return Organisation.objects.get_or_create(
            local_government_id=officer.local_government_id,
            defaults={"kind": "local_government"},
        )[0]
    return Organisation.objects.get_or_create(
        association_id=officer.association_id, defaults={"kind": "association"}
    )[0]


def officers_to_memberships(apps, schema_editor):
    GrantOfficer = apps.get_model("multicultural", "GrantOfficer")
    Organisation = apps.get_model("organisations", "Organisation")
    Membership = apps.get_model("organisations", "Membership")
    HistoricalMembership = apps.get_model("organisations", "HistoricalMembership")
    Group = apps.get_model("auth", "Group")
    role, _created = Group.objects.get_or_create(name=OFFICER_ROLE)
    now = timezone.now()
    for officer in GrantOfficer.objects.order_by("pk").iterator(chunk_size=500):
        organisation = _organisation(Organisation, officer)
        membership, created = Membership.objects.get_or_create(
            user_id=officer.user_id,
            is_active=True,
            defaults={"organisation": organisation, "started_at": now},
        )
        if created:
            HistoricalMembership.objects.create(
                id=membership.pk,
                user_id=membership.user_id,
                organisation_id=membership.organisation_id,
                department="",
                is_active=True,
                started_at=membership.started_at,
                history_date=now,
                history_type="+",
                history_change_reason=REASON,
            )
        role.user_set.add(officer.user_id)


def memberships_to_officers(apps, schema_editor):
    GrantOfficer = apps.get_model("multicultural", "GrantOfficer")
    Membership = apps.get_model("organisations", "Membership")
    memberships = Membership.objects.filter(
        is_active=True, organisation__kind__in=["local_government", "association"]
    ).select_related("organisation")
    for membership in memberships.iterator(chunk_size=500):
        GrantOfficer.objects.get_or_create(
            user_id=membership.user_id,
            defaults={
                "local_government_id": membership.organisation.local_government_id,
                "association_id": membership.organisation.association_id,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("multicultural", "0001_initial"),
        ("organisations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(officers_to_memberships, memberships_to_officers)]
