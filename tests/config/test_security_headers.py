"""The headers that keep the pages safe in the browser: a Content Security Policy without
'unsafe-inline', the admin's pages included, HTTPS-only with
HSTS and secure cookies under the production settings, no framing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import simple_history
from django.contrib.auth.models import User
from django.test import Client

from mandates.models import Mandate
from objectives.models import ProgressUpdate

pytestmark = pytest.mark.usefixtures("mandates")

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def pages(recorded: ProgressUpdate) -> list[str]:
    version = recorded.history.get()
    return [
        "/",
        "/objectives/",
        "/mandates/hee-2021-22/",
        "/mandates/hee-2021-22/themes/2/",
        "/mandates/hee-2021-22/themes/2/summary.html",
        "/mandates/hee-2021-22/objectives/3/",
        "/mandates/hee-2021-22/objectives/3/record/",
        f"/updates/{recorded.pk}/edit/",
        f"/updates/{recorded.pk}/withdraw/",
        f"/updates/{recorded.pk}/versions/{version.history_id}/restore/",
        "/needs-update/",
        "/compare/hee-2017-18/hee-2021-22/",
        "/mandates/hee-2021-22/periods/",
        "/mandates/no-such-mandate/",  # the 404 page
    ]


def test_every_page_has_the_strict_policy(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    client.force_login(editor)
    for url in pages(recorded):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert policy(response) == STRICT, url
        assert "unsafe" not in response["Content-Security-Policy"], url


def test_the_login_page_has_the_strict_policy(client: Client) -> None:
    assert policy(client.get("/accounts/login/")) == STRICT


def test_the_admin_has_the_strict_policy_too(client: Client, editor: User) -> None:
    client.force_login(editor)
    mandate = Mandate.objects.get(slug="hee-2021-22")
    for url in (
        "/admin/",
        "/admin/objectives/objective/",
        f"/admin/mandates/mandate/{mandate.pk}/change/",
        f"/admin/mandates/mandate/{mandate.pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert policy(response) == STRICT, url


def test_our_copy_of_the_history_list_has_no_inline_style(client: Client, editor: User) -> None:
    # django-simple-history's own template has one (style="border-top: 0"), which the
    # strict policy blocks; ours, which replaces it, has none.
    client.force_login(editor)
    mandate = Mandate.objects.get(slug="hee-2021-22")
    html = client.get(f"/admin/mandates/mandate/{mandate.pk}/history/").content.decode()
    assert 'id="change-history"' in html
    assert "style=" not in html
    ours = Path(__file__).resolve().parents[2] / "templates/simple_history/object_history_list.html"
    theirs = (
        Path(simple_history.__file__).parent / "templates/simple_history/object_history_list.html"
    )
    assert theirs.read_text().count("style=") == 1
    assert "style=" not in ours.read_text()


def test_pages_may_not_be_framed_and_say_what_they_are(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def production(settings: Any) -> Any:
    """The HTTPS settings as they are with DEBUG off (tests run with DEBUG on)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    return settings


def test_the_test_client_is_not_sent_to_https(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response


def test_in_production_plain_http_is_sent_to_https(production: Any) -> None:
    response = Client().get("/objectives/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/objectives/?page=2"


def test_the_health_check_answers_over_plain_http(production: Any) -> None:
    # The load balancer asks the app directly, without TLS.
    response = Client().get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_in_production_https_pages_carry_hsts_and_secure_cookies(
    production: Any, viewer: User
) -> None:
    client = Client()
    login = client.get("/accounts/login/", secure=True)
    assert login["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"]
    viewer.set_password("a-long-test-passphrase")
    viewer.save()
    response = client.post(
        "/accounts/login/",
        {"username": viewer.username, "password": "a-long-test-passphrase"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


def test_behind_a_proxy_its_https_header_is_believed(production: Any) -> None:
    production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    assert client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/accounts/login/", headers={"X-Forwarded-Proto": "http"}).status_code == 301
