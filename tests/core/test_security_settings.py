"""Production settings (issue 12, item 12, D108): a short SECRET_KEY stops start-up; HSTS and
the HTTPS redirect come from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LONG_KEY = "k3y-" + "abcdefghij" * 6


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with only ``env`` set (no .env file read)."""
    code = (
        "import marketplace.settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("key", ["short-but-set", "x" * 60, "a" * 49 + "b"])
def test_production_refuses_a_short_or_trivial_secret_key(key):
    result = _settings(DJANGO_DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


def test_production_starts_with_a_long_key_and_development_with_none():
    assert _settings(DJANGO_DEBUG="false", SECRET_KEY=LONG_KEY).returncode == 0
    development = _settings()
    assert development.returncode == 0, development.stderr
    assert development.stdout.split() == ["0", "False", "False"]


def test_hsts_and_ssl_redirect_from_the_environment():
    result = _settings(
        DJANGO_DEBUG="false",
        SECRET_KEY=LONG_KEY,
        SECURE_HSTS_SECONDS="31536000",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True"]


@pytest.mark.django_db
def test_the_redirect_and_hsts_as_a_client_sees_them(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    plain = client.get("/api/v1/categories/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/api/v1/categories/"
    assert client.get("/healthz").status_code == 200  # probes stay on plain HTTP
    secure = client.get("/api/v1/categories/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=3600"
