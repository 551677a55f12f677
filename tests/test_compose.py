"""docker-compose.yml is valid Compose and describes the production services.

No Docker engine is needed: ``docker-compose config`` only reads and checks
the file. Skipped where docker-compose is not installed (CI installs it).
"""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
REQUIRED = {
    "SECRET_KEY": "compose-test-secret-key-not-used-anywhere",
    "ALLOWED_HOSTS": "portal.example.org",
    "POSTGRES_PASSWORD": "compose-test-password",
    "EMAIL_HOST": "smtp.example.org",
}
LONG_RUNNING = ["postgres", "redis", "web", "worker", "beat"]
PORTAL_SERVICES = ["migrate", "web", "worker", "beat"]

pytestmark = pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="docker-compose is not installed"
)


def compose(tmp_path, *args: str, env: dict[str, str]):
    # An empty env file: a developer's own .env must not fill in what the test leaves out.
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    return subprocess.run(
        [
            "docker-compose",
            "--file", str(COMPOSE_FILE),
            "--project-directory", str(ROOT),
            "--env-file", str(env_file),
            *args,
        ],
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip


@pytest.fixture
def config(tmp_path) -> dict:
    quiet = compose(tmp_path, "config", "-q", env=REQUIRED)
    assert quiet.returncode == 0, quiet.stderr
    full = compose(tmp_path, "config", env=REQUIRED)
    assert full.returncode == 0, full.stderr
    return yaml.safe_load(full.stdout)


def test_compose_file_is_valid_with_the_required_settings(tmp_path):
    result = compose(tmp_path, "config", "-q", env=REQUIRED)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_each_required_setting_must_be_given(tmp_path, missing):
    env = {name: value for name, value in REQUIRED.items() if name != missing}
    result = compose(tmp_path, "config", "-q", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_every_long_running_service_has_a_healthcheck(config):
    services = config["services"]
    for name in LONG_RUNNING:
        assert name in services, f"no {name} service"
        test = services[name].get("healthcheck", {}).get("test")
        assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name} has no health check"


def test_portal_services_run_production_settings_on_the_compose_servers(config):
    services = config["services"]
    for name in PORTAL_SERVICES:
        env = services[name]["environment"]
        assert env["DEBUG"] == "0", name
        assert env["SECRET_KEY"] == REQUIRED["SECRET_KEY"], name
        assert env["DATABASE_URL"].endswith("@postgres:5432/clair"), name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        assert "build" in services[name], f"{name} is not built from the Dockerfile"
    # Behind the host's reverse proxy: the client is the hop the proxy appends.
    for name in ["web", "worker", "beat"]:
        assert services[name]["environment"]["TRUSTED_PROXIES"] == "1", name
    assert services["migrate"]["environment"]["DATABASE_STATEMENT_TIMEOUT"] == "0"
    assert services["worker"]["command"][:4] == ["celery", "-A", "clair_portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "clair_portal", "beat"]
    assert "gunicorn" in services["web"]["command"]


def test_nothing_starts_before_migrations_have_run(config):
    services = config["services"]
    assert services["migrate"]["restart"] == "no"
    migrate_command = " ".join(services["migrate"]["command"])
    assert "migrate" in migrate_command and "load_reference_data" in migrate_command
    for name in ["web", "worker", "beat"]:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_data_lives_in_volumes_and_only_the_web_port_is_published_on_loopback(config):
    services = config["services"]
    assert any("/var/lib/postgresql/data" in str(v) for v in services["postgres"]["volumes"])
    assert any("/data" in str(v) for v in services["redis"]["volumes"])
    published = {name: s.get("ports", []) for name, s in services.items() if s.get("ports")}
    assert list(published) == ["web"]
    assert all(str(p).startswith("127.0.0.1:") for p in published["web"]), published
