from django.test import Client


def test_it_answers_without_a_login_and_without_the_database(client: Client) -> None:
    # No db fixture: a query here would fail the test.
    response = client.get("/healthz")
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"


def test_it_only_answers_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_the_favicon_is_served_without_a_login(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
