"""A small HTTP client for the load tests: one per simulated person, with its own cookies
(so its own session), that fills in forms as a browser would (the CSRF token included) and
records every request it makes. Standard library only; loopback addresses only."""

from __future__ import annotations

import http.client
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup

LOOPBACK = ("127.0.0.1", "localhost", "::1")
REQUEST_TIMEOUT = 30  # seconds, unless a client is given another


@dataclass(frozen=True)
class Sample:
    """One request: what it was, when it started (time.monotonic), how long it took, and
    how it ended: an HTTP status, or a connection error (status 0)."""

    kind: str
    method: str
    path: str
    started: float
    elapsed: float
    status: int
    error: str = ""
    location: str = ""
    body: str = ""  # the start of a 5xx answer's page, to say what the server said


@dataclass
class Recorder:
    """Every request of every client of a run; safe to share between threads."""

    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def snapshot(self) -> list[Sample]:
        with self.lock:
            return list(self.samples)


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        """The path a redirect points at (Django sends a path, or a full URL)."""
        target = urlsplit(self.headers.get("Location", ""))
        return target.path + (f"?{target.query}" if target.query else "")


class ConnectionFailed(Exception):
    """The server could not be reached, or did not answer in time."""


class Browser:
    def __init__(
        self, base_url: str, recorder: Recorder | None = None, *, timeout: float = REQUEST_TIMEOUT
    ) -> None:
        parts = urlsplit(base_url)
        if parts.hostname not in LOOPBACK:
            raise ValueError(f"Load tests only talk to this machine, not {parts.hostname}")
        self.base_url = base_url.rstrip("/")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.cookies: dict[str, str] = {}
        self.recorder = recorder or Recorder()
        self.timeout = timeout

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, *, kind: str = ""
    ) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(data or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.base_url  # as a browser sends it
            headers["Referer"] = self.base_url + path
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.monotonic()

        def record(status: int, **outcome: str) -> None:
            elapsed = time.monotonic() - started
            self.recorder.add(
                Sample(kind or method, method, path, started, elapsed, status, **outcome)
            )

        try:
            connection.request(method, path, body, headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        except (OSError, http.client.HTTPException) as error:
            record(0, error=f"{type(error).__name__}: {error}")
            raise ConnectionFailed(f"{method} {path}: {error!r}") from error
        finally:
            connection.close()
        record(
            response.status,
            location=response.location,
            body=response.text[:500] if response.status >= 500 else "",
        )
        self._keep_cookies(response)
        return response

    def _keep_cookies(self, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path: str, *, kind: str = "") -> Response:
        return self.request("GET", path, kind=kind)

    def post(self, path: str, data: dict[str, str], *, kind: str = "") -> Response:
        return self.request("POST", path, data, kind=kind)

    def form(self, path: str, *, kind: str = "") -> dict[str, str]:
        """GET a page and return its POST form's fields as a browser would submit them
        untouched: the CSRF token, each field's initial value, the selected options."""
        response = self.get(path, kind=kind)
        if response.status != 200:
            raise AssertionError(f"GET {path} answered {response.status}, not a form")
        return form_fields(response.text, path)

    def log_in(
        self, username: str, password: str, *, before_posting: Callable[[], object] | None = None
    ) -> None:
        """Log in through the login form; `before_posting` runs between getting the form
        and posting it (to post at the same moment as others)."""
        fields = self.form("/accounts/login/", kind="login-form")
        if before_posting is not None:
            before_posting()
        response = self.post(
            "/accounts/login/",
            fields | {"username": username, "password": password},
            kind="login",
        )
        if response.status != 302 or response.location != "/":
            raise AssertionError(
                f"{username} could not log in: {response.status} {response.location}\n"
                f"{response.text[:500]}"
            )


def form_fields(html: str, path: str) -> dict[str, str]:
    """The fields of the page's POST form that submits to `path` (its own address when the
    form names none): not the header's log-out form, which has a CSRF token too."""
    soup = BeautifulSoup(html, "html.parser")
    form = next(
        (
            f
            for f in soup.find_all("form")
            if (f.get("method") or "").lower() == "post"
            and urlsplit(f.get("action") or path).path == urlsplit(path).path
        ),
        None,
    )
    if form is None or not form.find("input", {"name": "csrfmiddlewaretoken"}):
        raise AssertionError(f"The page has no form posting to {path} with a CSRF token")
    fields: dict[str, str] = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.name == "textarea":
            fields[name] = element.text.removeprefix("\n")
        elif element.name == "select":
            option = element.find("option", selected=True) or element.find("option")
            fields[name] = option.get("value", option.text) if option else ""
        elif element.get("type") in ("checkbox", "radio"):
            if element.get("checked") is not None:
                fields[name] = element.get("value", "on")
        elif element.get("type") not in ("submit", "button", "image", "reset"):
            fields[name] = element.get("value", "")
    return fields


def form_errors(html: str) -> str:
    """What a page that came back instead of a redirect says is wrong with the form."""
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.select_one(".nhsuk-error-summary")
    text = summary.get_text(" ", strip=True) if summary else soup.get_text(" ", strip=True)
    return text[:300]


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with `fraction` of them at or below."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
