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
    "OBJECT_STORE_PASSWORD": "compose-test-object-store",
}
LONG_RUNNING = ["postgres", "redis", "minio", "proxy", "web", "worker", "worker-batch", "beat"]
PORTAL_SERVICES = ["migrate", "web", "worker", "worker-batch", "beat"]
# Run as many as the load asks for (`docker-compose up --scale web=3 --scale worker=3`).
SCALED = ["web", "worker", "worker-batch"]

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


def published_on(port) -> tuple[str, str]:
    """(host address, container port) of a published port, in either Compose's notation."""
    if isinstance(port, dict):
        return port.get("host_ip", ""), str(port["target"])
    host_ip, _host_port, target = str(port).split(":")
    return host_ip, target.split("/")[0]


def mount(volume) -> tuple[str, str]:
    """(target, source) of a mounted file or volume, in either Compose's notation."""
    if isinstance(volume, dict):
        return volume["target"], volume.get("source", "")
    source, target = str(volume).split(":")[:2]
    return target, source


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
    # Behind the host's TLS proxy and the compose proxy: the client is two hops back.
    for name in ["web", "worker", "worker-batch", "beat"]:
        assert services[name]["environment"]["TRUSTED_PROXIES"] == "2", name
    assert services["migrate"]["environment"]["DATABASE_STATEMENT_TIMEOUT"] == "0"
    assert services["worker"]["command"][:4] == ["celery", "-A", "clair_portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "clair_portal", "beat"]
    assert "gunicorn" in services["web"]["command"]


def test_nothing_starts_before_migrations_have_run(config):
    services = config["services"]
    assert services["migrate"]["restart"] == "no"
    migrate_command = " ".join(services["migrate"]["command"])
    assert "migrate" in migrate_command and "load_reference_data" in migrate_command
    for name in ["web", "worker", "worker-batch", "beat"]:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_data_lives_in_volumes_and_only_the_web_port_is_published_on_loopback(config):
    services = config["services"]
    assert any("/var/lib/postgresql/data" in str(v) for v in services["postgres"]["volumes"])
    assert any("/data" in str(v) for v in services["redis"]["volumes"])
    published = {name: s.get("ports", []) for name, s in services.items() if s.get("ports")}
    assert any("/data" in str(v) for v in services["minio"]["volumes"])
    assert list(published) == ["proxy"]
    assert [published_on(p) for p in published["proxy"]] == [("127.0.0.1", "80")]


def test_scaled_services_have_no_fixed_host_port_or_container_name(config):
    # Either would make `--scale web=3` fail: three containers cannot share one.
    services = config["services"]
    assert not any("container_name" in service for service in services.values())
    for name in SCALED:
        assert not services[name].get("ports"), name


def test_the_proxy_spreads_requests_over_every_web_container(config):
    proxy = config["services"]["proxy"]
    assert proxy["image"].startswith("nginx:")
    mounted = dict(mount(v) for v in proxy["volumes"])
    conf = Path(mounted["/etc/nginx/nginx.conf"]).read_text()
    # Docker's DNS, looked up again, so containers added by --scale are found.
    assert "resolver 127.0.0.11" in conf and "set $web http://web:8000;" in conf
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in conf
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def test_files_go_to_the_object_store_in_every_portal_service(config):
    services = config["services"]
    password = REQUIRED["OBJECT_STORE_PASSWORD"]
    for name in PORTAL_SERVICES:
        url = services[name]["environment"]["STORAGE_URL"]
        assert url == f"s3://clair:{password}@minio:9000/clair-portal?secure=false", name
        assert not services[name].get("volumes"), f"{name} keeps files on a volume"
    assert services["minio"]["environment"]["MINIO_ROOT_PASSWORD"] == password
    bucket = services["bucket"]
    assert bucket["entrypoint"][-1] == "store/clair-portal"
    assert bucket["depends_on"]["minio"]["condition"] == "service_healthy"
    depends = services["migrate"]["depends_on"]["bucket"]
    assert depends["condition"] == "service_completed_successfully"


def test_a_worker_per_queue(config):
    services = config["services"]
    queues = {}
    for name in ["worker", "worker-batch"]:
        command = services[name]["command"]
        assert command[:4] == ["celery", "-A", "clair_portal", "worker"], name
        queues[name] = command[command.index("--queues") + 1]
    assert queues == {"worker": "notices", "worker-batch": "batch"}


def test_the_read_replica_is_optional_and_off_by_default(tmp_path, config):
    assert config["services"]["web"]["environment"]["DATABASE_REPLICA_URL"] == ""
    replica = "postgresql://reader:pw@standby:5432/clair"
    result = compose(tmp_path, "config", env={**REQUIRED, "DATABASE_REPLICA_URL": replica})
    assert result.returncode == 0, result.stderr
    web = yaml.safe_load(result.stdout)["services"]["web"]
    assert web["environment"]["DATABASE_REPLICA_URL"] == replica
