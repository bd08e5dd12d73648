"""The single sign-on tests' provider: django-oauth-toolkit's, in a second Django process
on 127.0.0.1 (tests/sso/provider/), and the app's settings pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings

from tests.sso.provider.serve import Provider, free_port, start

CLIENT_ID = "mandate-tracker-tests"
CLIENT_SECRET = "a-client-secret-for-the-tests"
PASSWORD = "an-organisation-passphrase"
# The provider's people: name and the values of their "roles" claim.
PEOPLE = {"una": "Updater", "eric": "Editor", "vic": "Viewer,Updater", "noor": ""}


@pytest.fixture(scope="session")
def provider(live_server: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """One provider for the session, on a free port of 127.0.0.1, stopped at the end."""
    folder: Path = tmp_path_factory.mktemp("sso-provider")
    running = start(
        folder,
        port=free_port(),
        # The browser's live server, and the test client's host for tests without one.
        app_urls=[live_server.url, "http://testserver"],  # type: ignore[attr-defined]
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        people=[f"{name}:{PASSWORD}:{roles}" for name, roles in PEOPLE.items()],
    )
    yield running
    running.stop()


@pytest.fixture
def sso_on(settings: LazySettings, provider: Provider) -> Provider:
    """Single sign-on switched on by settings alone: the issuer, client id and secret."""
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    return provider
