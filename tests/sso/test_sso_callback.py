"""The whole sign-in with the Django test client and the real provider (its login form
answered with requests): the callback signs in with the organisation account's backend,
and django-axes' lockout of an address holds for it as for passwords."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import requests
from django.contrib.auth.models import User
from django.test import Client

from sso.models import Identity
from tests.sso.conftest import PASSWORD
from tests.sso.provider.serve import Provider


def provider_answer(client: Client, username: str) -> str:
    """Start at the app, sign in at the provider; the callback path and query it sends
    the browser back to (not followed: the test client answers that)."""
    start = client.get("/accounts/sso/sign-in/")
    browser = requests.Session()
    login_page = browser.get(start["Location"], timeout=10)  # the provider's login form
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)
    assert token is not None
    next_field = re.search(r'name="next" value="([^"]+)"', login_page.text)
    assert next_field is not None
    answer = browser.post(
        login_page.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": PASSWORD,
            "next": next_field.group(1).replace("&amp;", "&"),
        },
        headers={"Referer": login_page.url},
        allow_redirects=False,
        timeout=10,
    )
    location = urljoin(answer.url, answer.headers["Location"])
    while not location.startswith("http://testserver/"):  # via the provider's /authorize/
        answer = browser.get(location, allow_redirects=False, timeout=10)
        location = urljoin(answer.url, answer.headers["Location"])
    callback = urlsplit(location)
    return f"{callback.path}?{callback.query}"


def test_the_callback_signs_them_in_with_the_organisation_account(
    client: Client, sso_on: Provider
) -> None:
    response = client.get(provider_answer(client, "una"))
    assert response["Location"] == "/"
    assert client.session["_auth_user_backend"] == "sso.backend.OrganisationAccountBackend"
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert Identity.objects.get(user=user).issuer == sso_on.issuer
    assert client.session["oidc_id_token"]  # kept for signing out at the provider


def test_an_address_locked_out_for_password_failures_cannot_sign_in_this_way_either(
    client: Client, sso_on: Provider
) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "someone", "password": "wrong"})
    locked = client.get(provider_answer(client, "una"))
    assert locked.status_code == 429
    assert "Too many attempts to log in" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="una").exists()


def test_a_replayed_answer_does_not_sign_in_again(client: Client, sso_on: Provider) -> None:
    answer = provider_answer(client, "una")
    client.get(answer)
    client.logout()
    again = client.get(answer, follow=True)
    assert "_auth_user_id" not in client.session
    assert again.redirect_chain[-1][0] == "/accounts/login/"
