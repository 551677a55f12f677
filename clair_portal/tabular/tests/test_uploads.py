"""Uploads kept between a preview and its confirmation: found by a key of the session only."""

import datetime
import os

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from clair_portal.accounts.models import User
from clair_portal.tabular import uploads
from clair_portal.tabular.tasks import purge_stale_uploads

pytestmark = pytest.mark.django_db


def request_of(user, session=None):
    request = RequestFactory().post("/")
    request.user = user
    request.session = session or SessionStore()
    return request


def test_a_key_finds_its_file_once_in_its_own_session_only():
    alice = User.objects.create_user("alice@example.jp")
    bob = User.objects.create_user("bob@example.jp")
    request = request_of(alice)
    key = uploads.keep(request, SimpleUploadedFile("people.csv", b"email\na@example.jp\n"))
    assert uploads.take(request_of(bob), key) is None  # another session knows no such key
    assert uploads.take(request_of(alice), key) is None  # nor does a new one of the same user
    kept = uploads.take(request, key)
    assert kept.filename == "people.csv" and kept.name.startswith(f"tabular/imports/{alice.pk}/")
    with kept.open() as file:
        assert file.read() == b"email\na@example.jp\n"
    assert uploads.take(request, key) is None  # used once
    kept.delete()


def test_a_key_not_taken_within_the_hour_is_forgotten_and_its_file_deleted(monkeypatch):
    alice = User.objects.create_user("alice@example.jp")
    request = request_of(alice)
    key = uploads.keep(request, SimpleUploadedFile("a.csv", b"x\n"))
    name = request.session[uploads.SESSION_KEY][key]["name"]
    later = uploads.time.time() + uploads.KEEP_SECONDS + 1
    monkeypatch.setattr(uploads.time, "time", lambda: later)
    assert uploads.take(request, key) is None
    assert not default_storage.exists(name)


def test_previews_never_confirmed_are_purged_after_a_day():
    alice = User.objects.create_user("alice@example.jp")
    old = uploads.keep(request_of(alice), SimpleUploadedFile("old.csv", b"x\n"))
    fresh_request = request_of(alice)
    fresh = uploads.keep(fresh_request, SimpleUploadedFile("new.csv", b"y\n"))
    folder = f"{uploads.PREFIX}/{alice.pk}"
    path = default_storage.path(f"{folder}/{old}")
    two_days_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(path, (two_days_ago, two_days_ago))
    assert purge_stale_uploads() == 1
    assert default_storage.listdir(folder)[1] == [fresh]
    assert uploads.take(fresh_request, fresh) is not None
