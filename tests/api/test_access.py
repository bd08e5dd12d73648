"""Who may read the API, and how: a personal token in the header (Token or Bearer) or a
signed-in session; the roles' view permissions; reads only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from api.models import PersonalToken
from api.services import personal_token_revoke
from tests.api.conftest import TokenClient, token_for

pytestmark = pytest.mark.usefixtures("mandates")

ENDPOINTS = [
    "/api/mandates/",
    "/api/themes/",
    "/api/objectives/",
    "/api/updates/",
    "/api/targets/",
    "/api/periods/",
]


@pytest.mark.parametrize("path", [*ENDPOINTS, "/api/schema/?format=json"])
def test_it_tells_anonymous_to_sign_in_and_shows_no_data(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert set(response.json()) == {"detail"}


def test_the_documentation_page_sends_anonymous_to_the_login_page(client: Client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/docs/"


@pytest.mark.parametrize("role", ["viewer", "updater", "editor", "superuser"])
@pytest.mark.usefixtures("recorded")
def test_every_role_reads_every_endpoint(request: pytest.FixtureRequest, role: str) -> None:
    api = TokenClient(token_for(request.getfixturevalue(role)))
    for path in ENDPOINTS:
        response = api.get(path)
        assert response.status_code == 200, path
        assert response.json()["results"], path


@pytest.mark.usefixtures("recorded")
def test_a_person_without_a_role_is_refused(db: None) -> None:
    nobody = User.objects.create_user("no-role")
    api = TokenClient(token_for(nobody))
    for path in ENDPOINTS:
        response = api.get(path)
        assert response.status_code == 403, path
        assert "results" not in response.json()


def test_the_targets_need_the_permission_to_see_their_figures_too(db: None) -> None:
    from django.contrib.auth.models import Permission

    reader = User.objects.create_user("targets-only")
    reader.user_permissions.add(Permission.objects.get(codename="view_target"))
    api = TokenClient(token_for(reader))
    assert api.get("/api/targets/").status_code == 403
    reader.user_permissions.add(Permission.objects.get(codename="view_measurement"))
    assert TokenClient(token_for(reader)).get("/api/targets/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_every_write(api: TokenClient, method: str) -> None:
    for path in ["/api/objectives/", "/api/updates/"]:
        response = api.request(method, path, data={}, content_type="application/json")
        assert response.status_code == 405, (method, path)
    objective = api.get("/api/objectives/").json()["results"][0]
    response = api.request(
        method, f"/api/objectives/{objective['id']}/", data={}, content_type="application/json"
    )
    assert response.status_code == 405


def test_it_takes_the_token_as_bearer_too(viewer_key: str) -> None:
    response = Client().get("/api/mandates/", headers={"Authorization": f"Bearer {viewer_key}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Token", "Token mt_not-a-key", "Token two words", "Bearer \u00e9t\u00e9"],
)
def test_it_refuses_a_token_it_does_not_know(viewer_key: str, header: str) -> None:
    response = Client().get("/api/mandates/", headers={"Authorization": header})
    assert response.status_code == 401
    assert "results" not in response.json()


def test_a_revoked_token_stops_working_at_once(api: TokenClient, viewer: User) -> None:
    assert api.get("/api/mandates/").status_code == 200
    personal_token_revoke(token=PersonalToken.objects.get(user=viewer))
    response = api.get("/api/mandates/")
    assert response.status_code == 401
    assert response.json() == {"detail": "The token is not valid, or has been revoked."}


def test_a_deactivated_persons_token_stops_working(api: TokenClient, viewer: User) -> None:
    viewer.is_active = False
    viewer.save()
    assert api.get("/api/mandates/").status_code == 401


def test_the_key_is_stored_only_as_its_hash(viewer_key: str, viewer: User) -> None:
    token = PersonalToken.objects.get(user=viewer)
    assert viewer_key.startswith(token.prefix)
    assert len(viewer_key) > 40
    stored = PersonalToken.objects.filter(pk=token.pk).values().get()
    assert viewer_key not in [str(value) for value in stored.values()]


def test_a_token_says_when_it_was_last_used(api: TokenClient, viewer: User) -> None:
    assert PersonalToken.objects.get(user=viewer).last_used_at is None
    api.get("/api/mandates/")
    assert PersonalToken.objects.get(user=viewer).last_used_at is not None


def test_a_signed_in_session_reads_the_api(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get("/api/objectives/")
    assert response.status_code == 200
    assert response.json()["results"]
    assert "no-store" in response["Cache-Control"]


def test_a_token_answer_is_not_kept_by_any_cache(api: TokenClient) -> None:
    response = api.get("/api/objectives/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_sessions_write_without_its_csrf_token_is_refused(viewer: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    response = client.post("/api/objectives/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_it_answers_head_and_options_as_reads(api: TokenClient) -> None:
    head = api.request("head", "/api/objectives/")
    assert head.status_code == 200
    assert head.content == b""
    options = api.request("options", "/api/objectives/")
    assert options.status_code == 200
    assert options.json()["name"] == "Objective List"
