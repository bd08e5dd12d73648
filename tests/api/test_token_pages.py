"""The tokens page (/account/tokens/): a person lists, makes and revokes their own tokens;
a new key is shown once, on the page that answers the form, and never again."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from api.models import PersonalToken
from api.services import personal_token_create
from tests.api.conftest import TokenClient


@pytest.fixture
def signed_in(client: Client, viewer: User) -> Client:
    client.force_login(viewer)
    return client


def test_it_sends_anonymous_to_the_login_page(client: Client) -> None:
    response = client.get("/account/tokens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_cannot_make_or_revoke_a_token(client: Client, viewer: User) -> None:
    token, key = personal_token_create(user=viewer, name="Mine")
    made = client.post("/account/tokens/", {"name": "Forged"})
    revoked = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert made.status_code == revoked.status_code == 302
    assert list(PersonalToken.objects.values_list("name", "revoked_at")) == [("Mine", None)]
    assert TokenClient(key).get("/api/mandates/").status_code == 200


def test_it_lists_only_your_own_tokens(signed_in: Client, viewer: User, editor: User) -> None:
    personal_token_create(user=viewer, name="Board pack script")
    personal_token_create(user=editor, name="Someone else's")
    page = BeautifulSoup(signed_in.get("/account/tokens/").content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in page.select("tbody tr")]
    assert len(rows) == 1
    assert rows[0].startswith("Board pack script mt_")
    assert "Never" in rows[0]


def test_a_new_key_is_shown_once_and_works(signed_in: Client, viewer: User) -> None:
    response = signed_in.post("/account/tokens/", {"name": "Nightly export"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    key = page.select_one("#token-key")["value"]
    assert re.fullmatch(r"mt_[A-Za-z0-9_-]{43}", key)
    assert "only time it is shown" in page.get_text()
    assert "no-store" in response["Cache-Control"]
    token = PersonalToken.objects.get(user=viewer)
    assert token.name == "Nightly export"
    assert key.startswith(token.prefix)
    # Never again: not on the list, nor anywhere the person goes next.
    listed = signed_in.get("/account/tokens/").content.decode()
    assert key not in listed
    assert token.prefix in listed
    assert TokenClient(key).get("/api/mandates/").status_code == 200


def test_a_token_needs_a_name(signed_in: Client) -> None:
    response = signed_in.post("/account/tokens/", {"name": ""})
    page = BeautifulSoup(response.content, "html.parser")
    assert (
        page.select_one(".nhsuk-error-summary")
        .get_text(" ", strip=True)
        .endswith("This field is required.")
    )
    assert not PersonalToken.objects.exists()


def test_revoking_asks_first_then_stops_the_token(signed_in: Client, viewer: User) -> None:
    token, key = personal_token_create(user=viewer, name="Old script")
    confirm = signed_in.get(f"/account/tokens/{token.pk}/revoke/")
    page = BeautifulSoup(confirm.content, "html.parser")
    assert page.h1.get_text(strip=True) == "Revoke the token Old script"
    token.refresh_from_db()
    assert token.revoked_at is None, "asking is not revoking"
    response = signed_in.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert "The token Old script" in response.content.decode()
    token.refresh_from_db()
    assert token.is_revoked
    assert TokenClient(key).get("/api/mandates/").status_code == 401
    row = BeautifulSoup(response.content, "html.parser").select_one("tbody tr")
    assert "Revoked" in row.get_text()
    assert not row.select("a[href*=revoke]")


def test_you_cannot_revoke_someone_elses_token(signed_in: Client, editor: User) -> None:
    token, key = personal_token_create(user=editor, name="Theirs")
    assert signed_in.get(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert signed_in.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked
    assert TokenClient(key).get("/api/mandates/").status_code == 200


def test_a_revoked_token_cannot_be_revoked_again(signed_in: Client, viewer: User) -> None:
    token, _ = personal_token_create(user=viewer, name="Gone")
    signed_in.post(f"/account/tokens/{token.pk}/revoke/")
    assert signed_in.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404


def test_the_tokens_page_costs_the_same_however_many_tokens(
    signed_in: Client, viewer: User, django_assert_num_queries: object
) -> None:
    for n in range(3):
        personal_token_create(user=viewer, name=f"Token {n}")
    # Queries: session, user, the person's tokens.
    with django_assert_num_queries(3):  # type: ignore[operator]
        signed_in.get("/account/tokens/")
    for n in range(20):
        personal_token_create(user=viewer, name=f"More {n}")
    with django_assert_num_queries(3):  # type: ignore[operator]
        signed_in.get("/account/tokens/")
