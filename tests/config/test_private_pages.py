"""No cache keeps a signed-in person's pages or downloads: Cache-Control: private,
no-store on each (config/private_pages.py), added to a stricter header, not over it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils.cache import patch_cache_control

from config.private_pages import PrivateCacheControlMiddleware
from mandates.models import Mandate

pytestmark = pytest.mark.usefixtures("mandates")
SUMMARY = "/mandates/hee-2021-22/themes/2/summary"


def directives(response: object) -> set[str]:
    header = response.get("Cache-Control", "")  # type: ignore[attr-defined]
    return {part.strip() for part in header.split(",") if part.strip()}


def test_a_signed_in_page_is_private(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    for url in ("/", "/objectives/", "/mandates/hee-2021-22/", "/mandates/no-such-mandate/"):
        assert {"private", "no-store"} <= directives(client.get(url)), url


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx", "csv", "json"])
def test_every_download_is_private(client: Client, viewer: User, fmt: str) -> None:
    client.force_login(viewer)
    for url in (f"{SUMMARY}.{fmt}", f"/mandates/hee-2021-22/summary.{fmt}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= directives(response), url


def test_an_admin_page_is_private_and_keeps_its_stricter_header(
    client: Client, editor: User
) -> None:
    client.force_login(editor)
    mandate = Mandate.objects.get(slug="hee-2021-22")
    for url in ("/admin/", f"/admin/mandates/mandate/{mandate.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        # Django's never_cache on the admin, kept whole.
        assert {"private", "no-store", "no-cache", "must-revalidate", "max-age=0"} <= directives(
            response
        ), url


def test_logging_in_is_private_from_its_redirect_on(client: Client, viewer: User) -> None:
    viewer.set_password("a-long-test-passphrase")
    viewer.save()
    response = client.post(
        "/accounts/login/", {"username": viewer.username, "password": "a-long-test-passphrase"}
    )
    assert response.status_code == 302
    assert {"private", "no-store"} <= directives(response)


def test_the_health_check_and_static_files_are_not_private(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    for url in ("/healthz", "/favicon.ico", "/static/img/favicon.svg"):
        response = client.get(url)
        assert response.status_code in (200, 301), url
        assert not {"private", "no-store"} & directives(response), url


def test_a_public_header_gives_way(rf: RequestFactory, viewer: User) -> None:
    def public_view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("x")
        patch_cache_control(response, public=True, max_age=3600)
        return response

    request = rf.get("/")
    request.user = viewer
    response = PrivateCacheControlMiddleware(public_view)(request)
    assert directives(response) == {"private", "no-store", "max-age=3600"}
