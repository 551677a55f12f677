from unittest import mock

import dj_database_url
from django.db import connection

from clair_portal.testing.worker import worker_database_url


def test_the_worker_reaches_a_socket_directory_host_and_the_test_database():
    settings = {
        "NAME": "test_clair_jobs",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "/tmp/embedded pg/sock",
        "PORT": 5432,
    }
    with mock.patch.dict(connection.settings_dict, settings):
        url = worker_database_url()

    assert url == "postgresql://postgres@%2Ftmp%2Fembedded%20pg%2Fsock:5432/test_clair_jobs"
    parsed = dj_database_url.parse(url)
    assert (parsed["HOST"], parsed["NAME"], parsed["USER"]) == (
        "/tmp/embedded pg/sock",
        "test_clair_jobs",
        "postgres",
    )


def test_the_worker_gets_a_tcp_host_with_its_password():
    settings = {"NAME": "t", "USER": "u", "PASSWORD": "p@ss", "HOST": "127.0.0.1", "PORT": "5432"}
    with mock.patch.dict(connection.settings_dict, settings):
        parsed = dj_database_url.parse(worker_database_url())

    assert (parsed["HOST"], parsed["PORT"], parsed["PASSWORD"]) == ("127.0.0.1", 5432, "p@ss")
