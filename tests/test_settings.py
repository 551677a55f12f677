"""Settings come from the environment and fail loudly on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-" + "9f8e7d6c5b4a" * 4,
    "ALLOWED_HOSTS": "portal.clair.or.jp",
    "HTTPS": "true",
    "EMAIL_HOST": "smtp.example.org",
}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_a_bad_boolean_stops_start_up_naming_the_variable():
    result = manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_smtp_refuses_to_start():
    env = {**PRODUCTION, "EMAIL_HOST": ""}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "EMAIL_HOST must be set" in result.stderr


def test_only_postgresql_is_accepted():
    result = manage("check", DATABASE_URL="sqlite:///tmp/x.db")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr
