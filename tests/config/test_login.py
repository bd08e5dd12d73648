from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


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
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Please enter a correct username and password" in html


def test_repeated_failures_lock_the_account(client: Client, staff: User, settings: object) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"username": "sam", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "sam", "password": "a-long-password-1"})
    assert locked.status_code == 429
    assert "Too many attempts to log in" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_needs_a_post(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/")["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
