"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def load_settings(
    show: str = "s.DEBUG, s.ALLOWED_HOSTS", **env: str
) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh process with `env`, printing `show` (of `s`)."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return subprocess.run(  # noqa: S603 (the code run is this file's own literal)
        [sys.executable, "-c", f"import config.settings as s; print({show})"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SECRET_KEY and ALLOWED_HOSTS"),
        ({"SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "x"}, "SECRET_KEY"),
    ],
)
def test_without_debug_the_secrets_are_required(env: dict[str, str], missing: str) -> None:
    result = load_settings(**env)
    assert result.returncode != 0
    assert f"DEBUG is off, so {missing} must be set" in result.stderr


def test_with_them_it_starts() -> None:
    result = load_settings(SECRET_KEY="k" * 50, ALLOWED_HOSTS="tracker.example.org, 127.0.0.1")
    assert result.stdout.strip() == "False ['tracker.example.org', '127.0.0.1']"


def test_postgresql_connections_run_queries_without_compiling_them() -> None:
    result = load_settings(
        "s.DATABASES['default']['OPTIONS']",
        DEBUG="true",
        DATABASE_URL="postgres://u@127.0.0.1:5432/d",
    )
    assert result.returncode == 0, result.stderr
    assert "'options': '-c jit=off'" in result.stdout


@pytest.mark.django_db
def test_connections_carry_the_options_set_for_their_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW jit")
            assert cursor.fetchone() == ("off",)
        else:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (20000,)
