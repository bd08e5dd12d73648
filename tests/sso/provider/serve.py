"""Start the test provider: a folder with a fresh RSA signing key and SQLite database, the
client and people seeded, and `runserver` on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[3]  # the checkout, so `tests` imports


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_signing_key(path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def start(
    folder: Path,
    *,
    port: int,
    app_urls: Iterable[str],
    client_id: str,
    client_secret: str,
    people: Iterable[str],
    quiet: bool = True,
) -> Provider:
    """Set the provider up in `folder` and serve it on 127.0.0.1:port; returns once its
    discovery document answers. `app_urls` are where the app runs (its callback and login
    page are allowed as redirects); `people` are NAME:PASSWORD:ROLE[,ROLE] (ROLE may be
    empty)."""
    issuer = f"http://127.0.0.1:{port}"
    write_signing_key(folder / "signing-key.pem")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sso.provider.settings",
        "SSO_PROVIDER_DIR": str(folder),
        "SSO_PROVIDER_ISSUER": issuer,
        "PYTHONPATH": str(ROOT),
    }
    django = [sys.executable, "-m", "django"]

    def manage(*args: str) -> None:
        subprocess.run([*django, *args], cwd=ROOT, env=env, check=True)  # noqa: S603 (this interpreter, our own arguments)

    manage("migrate", "--verbosity", "0")
    manage(
        "seed_provider",
        f"--client-id={client_id}",
        f"--client-secret={client_secret}",
        *(f"--app-url={url}" for url in app_urls),
        *(f"--person={person}" for person in people),
    )
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(  # noqa: S603 (this interpreter, our own arguments)
        [*django, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=output,
    )
    provider = Provider(issuer=issuer, process=process)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2):  # noqa: S310 (our own http://127.0.0.1)
                return provider
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                provider.stop()
                raise RuntimeError(f"The test provider did not start on {issuer}.") from None
            time.sleep(0.2)
