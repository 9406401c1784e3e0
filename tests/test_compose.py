"""The deployment files agree with each other and with the settings.

docker-compose.yml must run the whole stack with health-gated start-up, and `.env.example` must
document every variable the settings module reads and every variable the web container is given,
so a new setting without documentation fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "worker-realtime", "worker-media", "beat")
SERVICES = (*APP_SERVICES, "postgres", "redis", "redis-cache", "elasticsearch", "media")

# env("NAME", ...), env.bool("NAME", ...), env.db("NAME", ...) and friends, plus os.environ.
SETTINGS_ENV_CALL = re.compile(
    r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']"""
)
# `NAME=value` or, for a default left commented out, `# NAME=value`.
ENV_EXAMPLE_LINE = re.compile(r"^\s*(?:#\s*)?([A-Z][A-Z0-9_]*)=", re.MULTILINE)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict[str, Any]:
    return compose["services"]


@pytest.fixture(scope="module")
def documented() -> set[str]:
    return set(ENV_EXAMPLE_LINE.findall((ROOT / ".env.example").read_text(encoding="utf-8")))


def environment_names(service: dict[str, Any]) -> set[str]:
    env = service.get("environment") or {}
    if isinstance(env, dict):
        return set(env)
    return {item.split("=", 1)[0] for item in env}


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, dict):
        return {key: str(value) for key, value in env.items()}
    return dict(item.split("=", 1) for item in env)


def command_text(service: dict[str, Any]) -> str:
    command = service.get("command") or ""
    return command if isinstance(command, str) else " ".join(command)


def settings_modules(root: Path = ROOT, module: str = "marketplace.settings") -> list[Path]:
    """marketplace/settings.py and every marketplace module it is assembled from, followed
    through its imports (settings_parts/, openapi_settings.py; D241), so a read moved out of
    settings.py is still checked."""
    found: list[Path] = []
    pending = [module]
    while pending:
        name = pending.pop()
        base = root.joinpath(*name.split("."))
        path = (
            base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
        )
        if path in found or not path.is_file():
            continue
        found.append(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported = [node.module]
            elif isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            else:
                continue
            imported = [item for item in imported if item.startswith("marketplace.")]
            # The module and the packages above it, whose __init__ runs first.
            for item in imported:
                parts = item.split(".")
                pending += [".".join(parts[:n]) for n in range(2, len(parts) + 1)]
    return found


def settings_env_names(root: Path = ROOT) -> set[str]:
    return {
        next(name for name in match if name)
        for path in settings_modules(root)
        for match in SETTINGS_ENV_CALL.findall(path.read_text(encoding="utf-8"))
    }


def test_the_services_exist(services):
    assert set(SERVICES) <= set(services)


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_a_healthcheck(services, name):
    healthcheck = services[name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert healthcheck.get("test"), f"{name}'s healthcheck runs nothing"
    assert not healthcheck.get("disable")


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_an_image_or_a_build(services, name):
    assert services[name].get("image") or services[name].get("build")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_are_built_from_the_dockerfile(services, name):
    build = services[name].get("build")
    context = build if isinstance(build, str) else (build or {}).get("context")
    assert context == "."
    assert (ROOT / "Dockerfile").is_file()


@pytest.mark.parametrize("name", APP_SERVICES)
@pytest.mark.parametrize("dependency", ["postgres", "redis", "redis-cache"])
def test_app_services_wait_for_healthy_data_stores(services, name, dependency):
    depends_on = services[name].get("depends_on")
    assert isinstance(depends_on, dict), f"{name}.depends_on must name conditions"
    assert depends_on.get(dependency, {}).get("condition") == "service_healthy"


def test_web_serves_with_gunicorn_after_migrating(services):
    command = command_text(services["web"])
    assert "gunicorn" in command
    assert "marketplace.wsgi" in command
    assert command.index("migrate") < command.index("gunicorn")


def test_worker_and_beat_run_celery(services):
    assert "celery -A marketplace worker" in command_text(services["worker"])
    assert "celery -A marketplace beat" in command_text(services["beat"])


def test_web_runs_in_production_mode_on_the_real_services(services):
    env = environment(services["web"])
    assert env["DJANGO_DEBUG"] == "false"
    assert env["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["CACHE_URL"].startswith("redis://redis-cache:6379/")
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert env["SEARCH_BACKEND"] == "elasticsearch"
    assert "SECRET_KEY" in env
    assert "ALLOWED_HOSTS" in env


@pytest.mark.parametrize("name", ["worker", "worker-realtime", "worker-media", "beat"])
def test_worker_and_beat_share_the_web_configuration(services, name):
    assert environment_names(services["web"]) - {"WEB_CONCURRENCY"} <= environment_names(
        services[name]
    )


def test_data_and_media_live_in_named_volumes(compose, services):
    volumes = set(compose.get("volumes") or {})
    for name, mount in [
        ("postgres", "/var/lib/postgresql/data"),
        ("redis", "/data"),
        ("elasticsearch", "/usr/share/elasticsearch/data"),
        ("web", "/app/var/media"),
        ("worker", "/app/var/media"),
        ("worker-media", "/app/var/media"),
    ]:
        sources = {v.split(":")[0] for v in services[name].get("volumes", []) if v.endswith(mount)}
        assert sources, f"{name} keeps no volume at {mount}"
        assert sources <= volumes, f"{name} mounts {sources} at {mount}: not a named volume"


def test_data_store_images(services):
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["elasticsearch"]["image"].startswith(
        "docker.elastic.co/elasticsearch/elasticsearch:8."
    )


def test_elasticsearch_is_a_single_node_without_security(services):
    env = environment(services["elasticsearch"])
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    assert "-Xmx512m" in env["ES_JAVA_OPTS"]


def test_every_variable_given_to_web_is_documented(services, documented):
    missing = environment_names(services["web"]) - documented
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_every_variable_the_settings_read_is_documented(documented):
    names = settings_env_names()
    # The parser must see the settings' calls at all, or this test would pass on nothing.
    assert {"DJANGO_DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL"} <= names
    missing = names - documented
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_the_settings_modules_are_followed_through_their_imports():
    scanned = set(settings_modules())
    assert ROOT / "marketplace" / "settings.py" in scanned
    assert set((ROOT / "marketplace" / "settings_parts").glob("*.py")) <= scanned
    # Read only outside settings.py itself: logs and Sentry, media, jobs, the environment.
    assert {"SENTRY_DSN", "LOG_FORMAT", "MEDIA_S3_BUCKET", "CELERY_BROKER_URL"} <= (
        settings_env_names()
    )


def test_an_undocumented_read_in_a_settings_part_is_caught(tmp_path, documented):
    package = tmp_path / "marketplace"
    (package / "settings_parts").mkdir(parents=True)
    (package / "settings.py").write_text(
        'from marketplace.settings_parts.extra import *\nDEBUG = env.bool("DJANGO_DEBUG")\n'
    )
    (package / "settings_parts" / "__init__.py").write_text("")
    (package / "settings_parts" / "extra.py").write_text(
        'from marketplace.settings_parts.deeper import X\nY = env.str("SENTRY_DSN")\n'
    )
    (package / "settings_parts" / "deeper.py").write_text(
        'X = env.int("NOT_DOCUMENTED_ANYWHERE")\n'
    )
    names = settings_env_names(tmp_path)
    assert names == {"DJANGO_DEBUG", "SENTRY_DSN", "NOT_DOCUMENTED_ANYWHERE"}
    assert names - documented == {"NOT_DOCUMENTED_ANYWHERE"}


def test_the_settings_parser_finds_each_kind_of_call():
    source = """
DEBUG = env.bool("A_BOOL", default=True)
X = env("PLAIN")
DATABASES = {"default": env.db("A_DB", default="sqlite://")}
Y = os.environ.get("FROM_OS")
Z = os.getenv('FROM_GETENV')
environ.Env.read_env(BASE_DIR / ".env")
"""
    found = {next(n for n in m if n) for m in SETTINGS_ENV_CALL.findall(source)}
    assert found == {"A_BOOL", "PLAIN", "A_DB", "FROM_OS", "FROM_GETENV"}


def test_every_variable_the_settings_read_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = {name for name in settings_env_names() if f"`{name}`" not in readme}
    assert not missing, f"add to README.md's configuration table: {sorted(missing)}"
