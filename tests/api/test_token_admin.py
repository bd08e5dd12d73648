"""Personal tokens in the admin: a superuser sees every token without its key and revokes
one from the list, which stops it at once; an Editor has no such page; nobody adds,
edits or deletes a token there."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from api.models import PersonalToken
from api.services import personal_token_create
from tests.api.conftest import TokenClient

LIST = "/admin/api/personaltoken/"


def test_a_superuser_sees_every_token_without_its_key(
    client: Client, superuser: User, viewer: User, editor: User
) -> None:
    _, viewer_key = personal_token_create(user=viewer, name="Board pack script")
    personal_token_create(user=editor, name="Nightly export")
    client.force_login(superuser)
    response = client.get(LIST)
    page = BeautifulSoup(response.content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in page.select("#result_list tbody tr")]
    assert len(rows) == 2
    assert any(r.startswith("Nightly export eddie-editor mt_") for r in rows), rows
    assert any(r.startswith("Board pack script vera-viewer mt_") for r in rows), rows
    assert viewer_key not in response.content.decode()
    assert page.select_one(f'a[href="{LIST}add/"]') is None


def test_revoking_from_the_list_stops_the_token_at_once(
    client: Client, superuser: User, viewer: User
) -> None:
    token, key = personal_token_create(user=viewer, name="Board pack script")
    assert TokenClient(key).get("/api/mandates/").status_code == 200
    client.force_login(superuser)
    response = client.post(LIST, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert "Revoked 1 of the 1 tokens." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert TokenClient(key).get("/api/mandates/").status_code == 401


def test_a_token_cannot_be_edited_or_deleted_there(
    client: Client, superuser: User, viewer: User
) -> None:
    token, _ = personal_token_create(user=viewer, name="Board pack script")
    client.force_login(superuser)
    page = BeautifulSoup(client.get(f"{LIST}{token.pk}/change/").content, "html.parser")
    assert page.select_one('input[name="_save"]') is None, "a token's page is read-only"
    assert client.post(f"{LIST}{token.pk}/change/", {"name": "Renamed"}).status_code == 403
    assert client.post(f"{LIST}{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PersonalToken.objects.get().name == "Board pack script"


def test_an_editor_has_no_tokens_page(client: Client, editor: User, viewer: User) -> None:
    token, key = personal_token_create(user=viewer, name="Board pack script")
    client.force_login(editor)
    assert client.get(LIST).status_code == 403
    client.post(LIST, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is None
    assert TokenClient(key).get("/api/mandates/").status_code == 200
