"""The image is rebuilt exactly (issue 17 item 9, D193, D194), checked without Docker.

- requirements/base.lock (the image) and requirements/dev.lock (CI, `make install`) pin every
  dependency pyproject.toml declares, the [s3] extra included, with hashes;
- the Dockerfile installs from the lock, hash-checked, in a layer before the code is copied;
- compose's Elasticsearch is the version .ci/run tests;
- static files get hashed names in production, and media is not served by gunicorn there;
- the cache and the broker live on separate Redis servers, the broker's never evicting.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from media.api.urls import rendition_patterns

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {name: ROOT / "requirements" / f"{name}.lock" for name in ("base", "dev")}
LONG_KEY = "k3y-" + "abcdefghij" * 6
# `name==version ; marker \` at the start of a lock entry.
PIN = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$"
)
# The environment the image and CI run in.
TARGET = {"python_version": "3.11", "python_full_version": "3.11.11", "sys_platform": "linux"}


def pins(lock: Path) -> dict[str, list[tuple[str, str | None]]]:
    """name → [(version, marker)], one per entry (a universal lock may pin a name twice)."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            name, version, marker = match.groups()
            found.setdefault(canonicalize_name(name), []).append((version, marker))
    return found


def hashed_entries(lock: Path) -> tuple[int, int]:
    """(entries, entries followed by at least one --hash)."""
    entries = hashed = 0
    lines = lock.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if PIN.match(line):
            entries += 1
            if n + 1 < len(lines) and lines[n + 1].strip().startswith("--hash=sha256:"):
                hashed += 1
    return entries, hashed


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return [Requirement(r) for r in requirements]


def version_for_target(entries: list[tuple[str, str | None]]) -> str | None:
    for version, marker in entries:
        if marker is None or Marker(marker).evaluate(TARGET):
            return version
    return None


@pytest.mark.parametrize(("lock", "extras"), [("base", ("s3",)), ("dev", ("s3", "dev"))])
def test_the_lock_pins_every_declared_dependency_within_its_range(lock, extras):
    locked = pins(LOCKS[lock])
    problems = []
    for requirement in declared(*extras):
        if requirement.marker and not requirement.marker.evaluate(TARGET):
            continue
        names = [canonicalize_name(requirement.name)]
        # Extras of a dependency pull in their own packages: celery[redis] needs redis,
        # django-storages[s3] needs boto3.
        if canonicalize_name(requirement.name) == "django-storages" and "s3" in requirement.extras:
            names.append("boto3")
        for name in names:
            version = version_for_target(locked.get(name, []))
            if version is None:
                problems.append(f"{name} is not in {lock}.lock")
            elif name == canonicalize_name(requirement.name) and not requirement.specifier.contains(
                version, prereleases=True
            ):
                problems.append(f"{name}=={version} is outside {requirement.specifier}")
    assert not problems, f"run `make lock`: {problems}"


@pytest.mark.parametrize("lock", ["base", "dev"])
def test_every_locked_package_has_hashes(lock):
    entries, hashed = hashed_entries(LOCKS[lock])
    assert entries > 20
    assert hashed == entries


def test_the_image_lock_is_the_dev_lock_without_the_dev_tools():
    base, dev = pins(LOCKS["base"]), pins(LOCKS["dev"])
    assert set(base) < set(dev)
    assert all(base[name] == dev[name] for name in base), "run `make lock`"
    assert "pytest" not in base and "boto3" in base and "tqdm" in base


def test_the_installed_project_has_every_app():
    """`pip install .` (the image) must install every Django app, not only those the image
    happens to find in its working directory."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    included = {pattern.rstrip("*") for pattern in setuptools["packages"]["find"]["include"]}
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= included, f"add to [tool.setuptools.packages.find]: {sorted(apps - included)}"


def test_the_dockerfile_installs_the_lock_before_copying_the_code():
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    copy_lock = lines.index("COPY requirements/base.lock requirements/base.lock")
    install = next(n for n, line in enumerate(lines) if "-r requirements/base.lock" in line)
    copy_code = lines.index("COPY . .")
    assert copy_lock < install < copy_code
    assert "--require-hashes" in lines[install]
    # After the code: the project alone, never a second resolution of its dependencies.
    after = " ".join(lines[copy_code:])
    assert "pip install --no-deps ." in after
    assert re.search(r"pip install (?!--no-deps)", after) is None
    assert "STATIC_MANIFEST=true python manage.py collectstatic" in after
    dockerignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "requirements" not in dockerignore


def test_ci_and_make_install_from_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r $(LOCK_DEV)" in makefile
    assert "LOCK_DEV := requirements/dev.lock" in makefile
    assert re.search(r"^lock: ", makefile, re.MULTILINE)
    assert 'pip install --quiet -e ".[dev]"' not in makefile
    assert "make install" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def ci_elasticsearch_version() -> str:
    match = re.search(
        r'ES_VERSION="\$\{ES_VERSION:-([0-9.]+)\}"',
        (ROOT / ".ci" / "run").read_text(encoding="utf-8"),
    )
    assert match, ".ci/run no longer sets ES_VERSION"
    return match.group(1)


def test_compose_runs_the_elasticsearch_ci_tests():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    image = compose["services"]["elasticsearch"]["image"]
    assert image == f"docker.elastic.co/elasticsearch/elasticsearch:{ci_elasticsearch_version()}"
    assert ci_elasticsearch_version().startswith("8.19.")
    # The local server and the cluster drill fetch the same version.
    local = (ROOT / "benchmarks" / "search" / "es_local.sh").read_text(encoding="utf-8")
    assert f'ES_VERSION="${{ES_VERSION:-{ci_elasticsearch_version()}}}"' in local
    drill = (ROOT / "benchmarks" / "es_cluster_drill.py").read_text(encoding="utf-8")
    assert f'"ES_VERSION", "{ci_elasticsearch_version()}"' in drill


def test_cache_and_broker_are_separate_redis_servers_and_the_broker_never_evicts():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    env = services["web"]["environment"]
    assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
    assert env["CACHE_URL"] == "redis://redis-cache:6379/1"
    assert "--maxmemory-policy noeviction" in services["redis"]["command"]
    cache = services["redis-cache"]["command"]
    assert "--maxmemory-policy allkeys-lru" in cache and "--maxmemory " in cache
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["redis-cache"]["condition"] == "service_healthy"


def test_compose_serves_renditions_from_nginx_not_gunicorn():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    env = services["web"]["environment"]
    assert env["DJANGO_DEBUG"] == "false" and "MEDIA_SERVE" not in env
    assert env["MEDIA_URL"].startswith("${MEDIA_URL:-http://")
    media = services["media"]
    assert media["image"].startswith("nginx:")
    assert "media:/srv/media:ro" in media["volumes"]
    conf = (ROOT / "deploy" / "media.conf").read_text(encoding="utf-8")
    # Only the renditions: the rest of MEDIA_ROOT (certificate scans) is never served.
    assert "alias /srv/media/r/;" in conf and "location /media/r/" in conf
    assert re.search(r"location / \{\s*return 404;", conf)


def _settings(code: str, **env: str) -> list[str]:
    """Print settings from a fresh interpreter with only ``env`` set (no .env file read)."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", f"import marketplace.settings as s; print({code})"],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


SETTINGS = "s.STORAGES['staticfiles']['BACKEND'], s.MEDIA_SERVE"


def test_production_has_hashed_static_names_and_does_not_serve_media():
    manifest = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    plain = "whitenoise.storage.CompressedStaticFilesStorage"
    assert _settings(SETTINGS, DJANGO_DEBUG="false", SECRET_KEY=LONG_KEY) == [manifest, "False"]
    # Development (`make run`) and the tests: no collectstatic needed, renditions served.
    assert _settings(SETTINGS) == [plain, "True"]
    # Either can be forced: the Dockerfile collects with the manifest at build time.
    assert _settings(SETTINGS, STATIC_MANIFEST="true", MEDIA_SERVE="false") == [manifest, "False"]


def test_manifest_storage_gives_hashed_urls_after_collectstatic(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path, STATIC_URL="/static/"):
        call_command("collectstatic", "--no-input", verbosity=0)
        url = static("rest_framework/css/bootstrap.min.css")
    assert re.fullmatch(r"/static/rest_framework/css/bootstrap\.min\.[0-9a-f]{12}\.css", url)
    assert (tmp_path / "staticfiles.json").is_file()
    assert (tmp_path / url.removeprefix("/static/")).is_file()
    assert (tmp_path / (url.removeprefix("/static/") + ".gz")).is_file()


def test_renditions_are_routed_only_when_the_app_serves_media(settings):
    settings.MEDIA_STORAGE = "filesystem"
    settings.MEDIA_URL = "/media/"
    settings.MEDIA_SERVE = True
    assert [p.name for p in rendition_patterns()] == ["media-rendition"]
    settings.MEDIA_SERVE = False
    assert rendition_patterns() == []
