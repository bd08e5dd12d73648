"""The sign-in views with the Django test client: off means absent; on, they send the
browser to the provider that discovery names, and say so when the provider is down."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import LazySettings
from django.contrib.auth.models import User
from django.test import Client
from django.utils.html import escape

from sso.backend import UNAVAILABLE
from tests.sso.conftest import CLIENT_ID
from tests.sso.provider.serve import Provider, free_port

SSO_BUTTON = "Sign in with your organisation account"


@pytest.mark.parametrize("path", ["/accounts/sso/sign-in/", "/accounts/sso/callback/"])
def test_with_single_sign_on_off_its_pages_are_not_found(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_with_single_sign_on_off_the_login_page_offers_only_passwords(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert 'name="password"' in page
    assert SSO_BUTTON not in page


def test_sign_in_goes_to_the_providers_authorization_endpoint_with_pkce_and_a_nonce(
    client: Client, sso_on: Provider
) -> None:
    response = client.get("/accounts/sso/sign-in/?next=/objectives/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{sso_on.issuer}/authorize/"
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["scope"] == "openid email profile"
    assert query["redirect_uri"] == "http://testserver/accounts/sso/callback/"
    assert query["code_challenge_method"] == "S256"
    assert {"state", "nonce", "code_challenge"} <= query.keys()
    assert client.session["oidc_login_next"] == "/objectives/"


def test_the_login_page_offers_the_organisation_account_when_on(
    client: Client, sso_on: Provider
) -> None:
    page = client.get("/accounts/login/?next=/objectives/").content.decode()
    assert 'href="/accounts/sso/sign-in/?next=/objectives/"' in page
    assert SSO_BUTTON in page
    assert 'name="password"' in page  # passwords still work beside it


def test_a_provider_that_does_not_answer_sends_them_back_with_why(
    client: Client, settings: LazySettings
) -> None:
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    response = client.get("/accounts/sso/sign-in/", follow=True)
    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert escape(UNAVAILABLE) in response.content.decode()


def test_a_password_login_never_starts_a_token_exchange(
    client: Client, settings: LazySettings, updater: User
) -> None:
    # A code and state in the login URL reach every backend; the organisation account's
    # answers only its own callback, so this is a plain password login (nothing listens
    # at the issuer: a token exchange would fail).
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    updater.set_password("a-long-test-passphrase")
    updater.save()
    response = client.post(
        "/accounts/login/?code=abc&state=def",
        {"username": updater.username, "password": "a-long-test-passphrase"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
