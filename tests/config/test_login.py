from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client

from config.login_form import WRONG_LOGIN


@pytest.fixture
def staff(db: None) -> User:
    return User.objects.create_user(username="sam", password="a-long-password-1")


def test_the_login_page_logs_in_and_returns_to_the_page_asked_for(
    client: Client, staff: User
) -> None:
    page = client.get("/accounts/login/?next=/objectives/")
    assert "Log in" in page.content.decode()
    response = client.post(
        "/accounts/login/",
        {"username": "sam", "password": "a-long-password-1", "next": "/objectives/"},
    )
    assert response["Location"] == "/objectives/"


def test_a_wrong_password_gets_the_error_summary(client: Client, staff: User) -> None:
    response = client.post("/accounts/login/", {"username": "sam", "password": "wrong"})
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".nhsuk-error-summary")
    assert summary.h2.get_text() == "There is a problem"
    link = summary.select_one("a")
    assert link.get_text() == WRONG_LOGIN
    assert soup.select_one(link["href"]).get("name") == "username"
    assert WRONG_LOGIN in soup.select_one("#id_username_error").get_text()


def test_repeated_failures_lock_the_account(client: Client, staff: User, settings: object) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "sam", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "sam", "password": "a-long-password-1"})
    assert locked.status_code == 429
    assert "Too many attempts to log in" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_many_addresses_lock_the_account_at_every_address(
    client: Client, staff: User
) -> None:
    # An attacker with many addresses gets five guesses at an account, not five each.
    for n in range(1, 6):
        client.post(
            "/accounts/login/",
            {"username": "sam", "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{n}",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "sam", "password": "a-long-password-1"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert locked.status_code == 429
    assert "Too many attempts to log in" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_at_many_accounts_lock_the_address(client: Client, staff: User) -> None:
    # One password tried on many accounts from one address locks that address.
    for n in range(5):
        client.post("/accounts/login/", {"username": f"someone-{n}", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "sam", "password": "a-long-password-1"})
    assert locked.status_code == 429
    elsewhere = Client(REMOTE_ADDR="198.51.100.7").post(
        "/accounts/login/", {"username": "sam", "password": "a-long-password-1"}
    )
    assert elsewhere.status_code == 302


def test_logging_out_needs_a_post(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_the_login_form_says_what_to_do_against_the_field(rf: object, staff: User) -> None:
    # config.login_form.LoginForm, once config/urls.py gives it to the LoginView.
    from config.login_form import WRONG_LOGIN, LoginForm

    empty = LoginForm(data={"username": "", "password": ""})
    assert not empty.is_valid()
    assert empty.errors == {
        "username": ["Enter your username"],
        "password": ["Enter your password"],
    }
    wrong = LoginForm(
        request=rf.post("/accounts/login/"),  # type: ignore[attr-defined]
        data={"username": "sam", "password": "wrong"},
    )
    assert not wrong.is_valid()
    assert wrong.errors == {"username": [WRONG_LOGIN]}
    assert not wrong.non_field_errors()
