"""The app for real, under load: gunicorn (2 workers of 4 threads) on a free port of
127.0.0.1, in production settings (DEBUG off, a secret key, ALLOWED_HOSTS=127.0.0.1,
hashed static files served by whitenoise), against a database of its own on the same
server as the test run: a file next to the test's temporary files on SQLite, a database
made for it on PostgreSQL (DATABASE_URL's server). One server serves the whole folder, and
stops when its last test is done; each test writes to objectives of its own, so what it
finds recorded is its own doing.

Every request loop here is bounded in count and in time, and talks only to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PASSWORD = "a-long-load-test-passphrase"
# Fifty for the simultaneous recording, a dozen more for the mixed loads.
RACERS = [f"racer-{n:02d}" for n in range(1, 51)]
LOADERS = [f"loader-{n:02d}" for n in range(1, 13)]
WORKERS = 2
THREADS = 4
# Requests to the API per person and hour (test_api_rate_across_workers.py); the rest of
# the load tests do not use the API.
API_RATE = 40
SETUP_TIMEOUT = 300  # seconds, for migrating the database and collecting static files


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.load)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "load: starts the app in gunicorn and puts it under load (tests/load)"
    )


def on_postgres() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    return bool(url) and dj_database_url.parse(url)["ENGINE"].endswith("postgresql")


@dataclass
class AppServer:
    url: str
    database_url: str
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes]

    def report(self) -> dict[str, list[dict[str, str]]]:
        """What the database holds, read by a process of its own (python -m tests.load.seed)."""
        return json.loads(self._seed("report"))

    def _seed(self, *command: str) -> str:
        result = subprocess.run(  # noqa: S603 (our own commands)
            [sys.executable, "-m", "tests.load.seed", *command],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode:
            raise AssertionError(f"tests.load.seed {command} failed:\n{result.stderr}")
        return result.stdout

    def token(self, username: str) -> str:
        """A new personal API token of the user's, made in the load database."""
        return self._seed("token", username)

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")

    def assert_running(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(
                f"gunicorn exited with {self.process.returncode}:\n{self.log_since(0)[-4000:]}"
            )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(database_url: str, static_root: Path) -> dict[str, str]:
    """Production settings, but for plain http on loopback: the production defaults of
    SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE would send every
    request to https and keep the cookies for https only, which this test does not speak."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "PYTEST_", "SECURE_", "SESSION_", "CSRF_"))
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Connections are kept between requests, as in production, so the database
        # restart test also tests the health check that notices a dead one.
        "CONN_MAX_AGE": "60",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "API_RATE_USER": f"{API_RATE}/hour",
        "PYTHONUNBUFFERED": "1",
    }


@pytest.fixture(scope="package")
def load_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not on_postgres():
        yield f"sqlite:///{tmp_path_factory.mktemp('load-db') / 'load.sqlite3'}"
        return
    import psycopg2
    from psycopg2 import sql

    url = os.environ["DATABASE_URL"]
    name = sql.Identifier(f"mandate_load_{os.getpid()}")
    admin = psycopg2.connect(url)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
        yield urlsplit(url)._replace(path=f"/mandate_load_{os.getpid()}").geturl()
    finally:
        try:
            # The server may have been restarted under this connection.
            admin.close()
            admin = psycopg2.connect(url)
            admin.autocommit = True
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        finally:
            admin.close()


@pytest.fixture(scope="package")
def app_server(
    load_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppServer]:
    started = time.monotonic()
    work = tmp_path_factory.mktemp("load-app")
    env = app_environment(load_database_url, work / "static")
    # Made side by side: the database (migrated, mandates loaded, users made) and the
    # hashed, compressed static files that whitenoise serves with DEBUG off.
    preparing = {
        "making the load database": subprocess.Popen(  # noqa: S603 (our own commands)
            [sys.executable, "-m", "tests.load.seed", "setup", *RACERS, *LOADERS],
            cwd=ROOT,
            env=env | {"LOAD_TEST_PASSWORD": PASSWORD},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        ),
        "collectstatic": subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        ),
    }
    for what, process in preparing.items():
        try:
            output, _ = process.communicate(timeout=SETUP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        if process.returncode:
            pytest.fail(f"{what} failed ({process.returncode}):\n{output.decode()[-4000:]}")
    prepared = time.monotonic()

    port = free_port()
    log_path = work / "gunicorn.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}"),
                *("--workers", str(WORKERS), "--worker-class", "gthread"),
                *("--threads", str(THREADS)),
                *("--timeout", "30", "--graceful-timeout", "5"),
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended below by its id
        )
    server = AppServer(f"http://127.0.0.1:{port}", load_database_url, env, log_path, process)
    try:
        wait_until_serving(server)
        print(
            f"\n[load] gunicorn ({WORKERS} workers x {THREADS} threads) on {server.url}, "
            f"{'PostgreSQL' if on_postgres() else 'SQLite'}; database and static files "
            f"ready in {prepared - started:.1f} s, serving in {time.monotonic() - started:.1f} s"
        )
        yield server
    finally:
        stop(process)


def wait_until_serving(server: AppServer, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    address = urlsplit(server.url)
    while True:
        server.assert_running()
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return
            raise AssertionError(
                f"The login page answered {response.status}:\n{server.log_since(0)[-4000:]}"
            )
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"gunicorn did not answer within {timeout} s:\n{server.log_since(0)[-4000:]}"
                ) from None
            time.sleep(0.2)
        finally:
            connection.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # gunicorn's master: a graceful stop of its workers
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group started above, and only it
        process.wait(timeout=15)
