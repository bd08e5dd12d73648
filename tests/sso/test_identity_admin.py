"""Organisation identities in the admin: a superuser reads who is linked to which account
at which provider; no link is added, changed or deleted there; an Editor has no page."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from sso.models import Identity
from sso.services import organisation_sign_in

LIST = "/admin/sso/identity/"
ISSUER = "https://login.example.org"
CLAIMS = {"sub": "a1b2", "preferred_username": "una", "given_name": "Una", "roles": ["Updater"]}


def test_a_superuser_reads_who_is_linked_and_can_change_nothing(
    client: Client, superuser: User
) -> None:
    organisation_sign_in(issuer=ISSUER, claims=CLAIMS)
    identity = Identity.objects.get()
    client.force_login(superuser)
    page = BeautifulSoup(client.get(LIST).content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in page.select("#result_list tbody tr")]
    assert len(rows) == 1 and rows[0].startswith(f"una {ISSUER} a1b2"), rows
    assert page.select_one(f'a[href="{LIST}add/"]') is None

    change = f"{LIST}{identity.pk}/change/"
    page = BeautifulSoup(client.get(change).content, "html.parser")
    assert page.select_one('input[name="_save"]') is None
    assert "a1b2" in page.get_text()
    assert client.post(change, {"subject": "someone-else"}).status_code == 403
    assert client.post(f"{LIST}{identity.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{LIST}add/", {"subject": "x"}).status_code == 403
    assert Identity.objects.get().subject == "a1b2"


def test_an_editor_has_no_identities_page(client: Client, editor: User) -> None:
    client.force_login(editor)
    assert client.get(LIST).status_code == 403
