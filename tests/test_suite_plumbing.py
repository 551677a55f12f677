"""The test suite's own plumbing: reference data once per database, Redis keys per process.

See clair_portal/testing/reference.py and clair_portal/testing/isolation.py.
pytest-django runs ``transaction=True`` tests after all the others, in file order,
so the two transactional tests below run one after the other: the first damages
the reference data and commits, Django flushes every table after it, and the
second (which does not ask for ``reference_data``) must still find it whole.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from clair_portal.accounts import roles
from clair_portal.accounts.models import User
from clair_portal.celery import app as celery_app
from clair_portal.testing import isolation, reference
from conftest import make_user
from offices.models import Office, OfficeMembership
from reference.localgov import shipped_records
from reference.models import LocalGovernment
from sistercities.models import Affiliation
from sistercities.reference_data import first_affiliation


def assert_whole():
    assert LocalGovernment.objects.count() == len(shipped_records()) == 1788
    assert Office.objects.count() == 8
    assert Office.objects.get(code="london").name_en == "London Office"
    # Reference rows in a many-to-many table: the first affiliation's Japanese side.
    assert [lg.code for lg in first_affiliation().japanese.all()] == ["422011"]
    assert reference.missing() == {}


@pytest.mark.django_db
def test_every_test_starts_with_the_whole_reference_set_without_asking():
    assert_whole()


@pytest.mark.django_db
def test_the_snapshot_holds_reference_rows_of_many_to_many_tables_too():
    # An auto-created through table left out was never copied back, and every flush emptied it.
    assert Affiliation.japanese.through._meta.db_table in reference._snapshot
    assert Affiliation.japanese.through._meta.db_table in reference._expected


@pytest.mark.django_db
def test_a_half_empty_set_is_noticed_and_restored_in_the_test_transaction(reference_data):
    LocalGovernment.objects.filter(code__startswith="42").exclude(kind="prefecture").delete()
    gaps = reference.missing()
    # Nagasaki City's side of the first sister-city affiliation goes with the city.
    through = Affiliation.japanese.through._meta.db_table
    assert sorted(gaps) == sorted([LocalGovernment._meta.db_table, through])
    now, expected = gaps[LocalGovernment._meta.db_table]
    assert expected - now == 21  # the municipalities of Nagasaki prefecture
    with pytest.raises(reference.HalfEmptyReferenceData, match="reference_localgovernment"):
        reference._check()
    reference.ensure_present()
    assert_whole()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_may_damage_the_reference_data():
    assert_whole()
    LocalGovernment.objects.filter(code__startswith="13").exclude(kind="prefecture").delete()
    Office.objects.filter(code="london").update(name_en="Londres")
    Affiliation.japanese.through.objects.all().delete()
    make_user("left.behind@example.org", role=roles.HQ_STAFF, office="paris")
    assert LocalGovernment.objects.count() < 1788  # committed: flush follows this test


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_the_next_test_finds_the_reference_data_whole_again():
    assert_whole()
    # The very rows the first load wrote, ids included; nothing of the last test's.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {reference.SNAPSHOT_SCHEMA}.offices_office WHERE code = 'london'"
        )
        assert Office.objects.get(code="london").pk == cursor.fetchone()[0]
    assert not User.objects.exists()
    assert not OfficeMembership.objects.exists()
    assert Group.objects.filter(name=roles.HQ_STAFF).exists()


@pytest.mark.django_db(transaction=True)
def test_a_test_may_restart_a_reference_tables_id_sequence():
    # As migrating an app backwards and forwards does: its tables, and their
    # sequences, made anew; the flush after this test copies the rows back.
    Group.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('auth_group', 'id'), 1, false)")


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_new_rows_take_ids_past_the_restored_ones():
    highest = Group.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert Group.objects.create(name="Added after a restore").pk > highest


@pytest.mark.django_db
def test_this_process_keeps_its_own_redis_keys():
    name = isolation.process_name()
    assert settings.CACHES["default"]["KEY_PREFIX"].endswith(f"-{name}")
    assert celery_app.conf.broker_transport_options["global_keyprefix"] == f"{name}:"
    client = isolation._client(settings.REDIS_URL)
    other = f"{settings.CACHES['default']['KEY_PREFIX']}-elsewhere:1:kept"
    client.set(other, "another process's", ex=60)
    cache.set("mine", "this test's")
    client.rpush(f"{name}:celery", "a queued task")
    try:
        isolation.clear(cache, celery_app)
        assert cache.get("mine") is None
        assert not client.exists(f"{name}:celery")
        assert client.get(other) == b"another process's"
    finally:
        client.delete(other)


def test_a_test_may_leave_japanese_active_in_its_thread():
    translation.activate("ja")  # as a request to a /ja/ page does


def test_the_next_test_starts_in_english_all_the_same():
    assert translation.get_language() == "en"
