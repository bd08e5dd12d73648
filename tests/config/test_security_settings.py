"""HTTPS and cookie settings: production's by default, relaxed only with DEBUG on, each
one open to the environment; and Django's deployment checklist passes with them.

Settings are read at import, so each case loads them in a fresh process."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
]
PRODUCTION = {
    # 50+ random characters, as Django's check for a strong key asks.
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "tracker.example.org",
}


def clean_env(**env: str) -> dict[str, str]:
    """This process's environment without any of the settings under test, plus `env`."""
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by tests/browser/conftest.py, refused by --deploy.
    ours = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    kept = {
        k: v
        for k, v in os.environ.items()
        if k not in ours and not k.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_"))
    }
    return kept | env


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, with our own arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def settings_with(**env: str) -> dict[str, object]:
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    )
    result = run(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_passes_the_deployment_checks() -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_production_defaults_are_the_strict_ones() -> None:
    assert settings_with(**PRODUCTION) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,  # trusting a header is a choice to make, see below
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin",
    }


def test_debug_relaxes_only_what_plain_http_needs() -> None:
    # `make run` serves http://127.0.0.1:8000, and the test client speaks http.
    relaxed = settings_with(DEBUG="true")
    assert relaxed == settings_with(**PRODUCTION) | {
        "DEBUG": True,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_each_can_be_set_from_the_environment() -> None:
    # E.g. behind a proxy that ends TLS, sets X-Forwarded-Proto and redirects to https.
    assert settings_with(
        **PRODUCTION,
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_PRELOAD="false",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_REFERRER_POLICY="no-referrer",
    ) == settings_with(**PRODUCTION) | {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],  # a tuple, in JSON
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 3600,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_REFERRER_POLICY": "no-referrer",
    }


@pytest.mark.parametrize("value", ["HTTP_X_FORWARDED_PROTO", "a,b,c"])
def test_a_malformed_proxy_header_setting_is_refused(value: str) -> None:
    result = run(["-c", "import config.settings"], **PRODUCTION, SECURE_PROXY_SSL_HEADER=value)
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be a header and a value" in result.stderr
