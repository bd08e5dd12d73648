"""Signing in with the organisation account, in a real browser, against a real OpenID
Connect provider on 127.0.0.1 (django-oauth-toolkit's, tests/sso/provider/): the role
from the "roles" claim, signing out at the provider too, a person with no role refused,
and the password login alone when single sign-on is off."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from objectives.models import Objective
from sso.backend import NO_ROLE
from sso.models import Identity
from tests.browsing import log_in, shot
from tests.sso.conftest import PASSWORD
from tests.sso.provider.serve import Provider

pytestmark = pytest.mark.browser

SSO_BUTTON = "Sign in with your organisation account"
LOGIN = re.compile(r"/accounts/login/")


def sign_in_at_provider(page: Page, provider: Provider, username: str) -> None:
    """From the app's login page, through the provider's own sign-in form."""
    page.goto("/accounts/login/")
    shot(page, "sso-login")
    page.get_by_role("link", name=SSO_BUTTON).click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.issuer)}/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def roles_of(username: str) -> list[str]:
    user = User.objects.get(organisation_identity__subject__isnull=False, username=username)
    return sorted(user.groups.values_list("name", flat=True))


def test_an_updater_signs_in_records_progress_and_signs_out_here_and_at_the_provider(
    new_page: object, live_server: object, sso_on: Provider, nurses: Objective
) -> None:
    page = new_page()  # type: ignore[operator]
    sign_in_at_provider(page, sso_on, "una")

    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator(".nhsuk-header__account")).to_contain_text("Una Example")
    assert roles_of("una") == ["Updater"]
    una = User.objects.get(username="una")
    assert (una.email, una.is_superuser, una.has_usable_password()) == (
        "una@example.org",
        False,
        False,
    )
    assert Identity.objects.get(user=una).issuer == sso_on.issuer
    page.goto(nurses.get_absolute_url())
    expect(page.get_by_role("link", name="Record progress")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    # Back from the provider's end_session_endpoint to the app's login page, signed out.
    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/accounts/login/"))  # type: ignore[attr-defined]
    page.goto(nurses.get_absolute_url())
    expect(page).to_have_url(LOGIN)
    # Signed out at the provider too: it asks for the password again.
    page.get_by_role("link", name=SSO_BUTTON).click()
    expect(page.get_by_label("Password")).to_be_visible()


def test_an_editor_lands_as_an_editor_and_the_highest_of_several_roles_wins(
    new_page: object, sso_on: Provider, nurses: Objective
) -> None:
    page = new_page()  # type: ignore[operator]
    sign_in_at_provider(page, sso_on, "eric")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert roles_of("eric") == ["Editor"]
    assert User.objects.get(username="eric").has_perm("objectives.change_objective")
    page.goto(nurses.get_absolute_url())
    expect(page.get_by_role("link", name="Record progress")).to_be_visible()

    other = new_page()  # type: ignore[operator]
    sign_in_at_provider(other, sso_on, "vic")  # roles: Viewer and Updater
    expect(other.get_by_role("button", name="Log out")).to_be_visible()
    assert roles_of("vic") == ["Updater"]


def test_a_person_with_no_role_is_refused_and_told_why(page: Page, sso_on: Provider) -> None:
    sign_in_at_provider(page, sso_on, "noor")
    expect(page).to_have_url(LOGIN)
    expect(page.get_by_text(NO_ROLE)).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    assert not User.objects.filter(username="noor").exists()


def test_with_single_sign_on_off_there_is_no_button_and_passwords_work(
    page: Page, live_server: object, updater: User
) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name=SSO_BUTTON)).to_have_count(0)
    log_in(page, live_server, updater)
