"""The header's navigation and the footer's licence line (base.html): signed out, only the
service name and "Log in"; the "Admin" link only for those who may change something in the
admin (core.context_processors.may_change_in_admin); the licence line once on a page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.test import Client

from core.context_processors import ADMIN_LINK_KEY, may_change_in_admin, remember_admin_link

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


@pytest.fixture
def remembered_at_login() -> None:
    """The receiver core.apps connects at start-up, there for a test that logs in."""
    assert any(receiver[1]() is remember_admin_link for receiver in user_logged_in.receivers)


def page(client: Client, path: str) -> BeautifulSoup:
    return BeautifulSoup(client.get(path).content, "html.parser")


def menu_links(soup: BeautifulSoup) -> list[str]:
    return [a.text.strip() for a in soup.select('nav[aria-label="Menu"] a')]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/no-such-page/"])
def test_a_signed_out_visitor_sees_no_menu_only_the_service_and_log_in(
    client: Client, path: str
) -> None:
    soup = page(client, path)
    assert soup.select_one('nav[aria-label="Menu"]') is None
    header = soup.select_one("header")
    assert [a.text.strip() for a in header.select("a")] == ["Mandate Tracker", "Log in"]


def test_a_viewer_gets_the_menu_without_the_admin_link(
    client: Client, viewer: User, remembered_at_login: object
) -> None:
    client.force_login(viewer)
    assert menu_links(page(client, "/")) == ["Home", "Objectives", "Needs an update"]


def test_those_who_may_record_get_the_quarterly_return_link(
    client: Client, updater: User, remembered_at_login: object
) -> None:
    client.force_login(updater)
    assert "Quarterly return" in menu_links(page(client, "/"))


@pytest.mark.parametrize("who", ["updater", "editor", "superuser"])
@pytest.mark.django_db  # named, so it runs with the database tests, before any flush
def test_those_who_may_change_things_in_the_admin_get_its_link(
    client: Client, request: pytest.FixtureRequest, who: str, remembered_at_login: object
) -> None:
    user = request.getfixturevalue(who)
    if who == "superuser":
        user.is_staff = True
        user.save()
    client.force_login(user)
    soup = page(client, "/")
    assert menu_links(soup)[-1] == "Admin"
    assert soup.select_one('nav[aria-label="Menu"] a[href="/admin/"]') is not None


def test_the_rule_is_any_permission_beyond_reading(
    viewer: User, updater: User, editor: User
) -> None:
    assert not may_change_in_admin(viewer)
    assert may_change_in_admin(updater)
    assert may_change_in_admin(editor)
    editor.is_staff = False  # not let into the admin at all
    assert not may_change_in_admin(editor)


def test_a_session_from_before_login_kept_the_answer_asks_no_permissions(
    client: Client, editor: User, django_assert_num_queries
) -> None:
    # A session that kept nothing (begun before the receiver was connected): no link, and
    # no queries for it.
    client.force_login(editor)
    session = client.session
    del session[ADMIN_LINK_KEY]
    session.save()
    with django_assert_num_queries(2):  # session, user
        soup = page(client, "/accounts/login/")
    assert "Admin" not in menu_links(soup)


@pytest.mark.usefixtures("mandates")
def test_the_licence_line_stands_once_on_a_page(client: Client, viewer: User) -> None:
    client.force_login(viewer)
    for path in ("/", "/objectives/", "/mandates/hee-2021-22/", "/mandates/hee-2021-22/themes/2/"):
        html = client.get(path).content.decode()
        assert html.count("Open Government Licence") == 1, path
        soup = BeautifulSoup(html, "html.parser")
        assert OGL in soup.select_one("footer #licence").text, path
