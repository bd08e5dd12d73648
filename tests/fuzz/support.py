"""What the fuzz tests share: the hostile values, the strategies that mix them with valid
values and random text, and the checks every response must pass.

Lone surrogates cannot be sent in a str (they do not encode as UTF-8); over HTTP they
arrive as the bytes of one, percent-encoded (%ED%A0%80) or raw, so the raw query strings
and bodies below carry those bytes instead.
"""

from __future__ import annotations

import datetime
import os
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import quote_from_bytes

from bs4 import BeautifulSoup
from django.db import transaction
from django.http import HttpResponse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from objectives.models import ProgressUpdate

# FUZZ_SCALE=10 looks ten times harder, for a run by hand; CI keeps the default.
SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))


def fuzz_settings(max_examples: int) -> settings:
    """Bounded and reproducible: the same examples on every run and every machine
    (derandomize, no example database), no per-example deadline (a first request
    warms caches), and pytest fixtures set up once per test rather than per example."""
    return settings(
        max_examples=max_examples * SCALE,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's writes undone when it ends, so each example starts from the same
    rows (and a failed login is not counted towards a lockout by the next)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


HOSTILE = [
    # Markup and script.
    '<script>alert("fuzz")</script>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    # SQL.
    "'; DROP TABLE objectives_progressupdate; --",
    "' OR '1'='1",
    "%' OR 1=1 --",
    "1; SELECT pg_sleep(10)--",
    "\\'; --",
    # Spreadsheet formulas.
    '=HYPERLINK("https://evil.example/","Click")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    # Odd Unicode: bidirectional overrides, zero-width characters, combining marks,
    # astral-plane emoji and letters, a byte-order mark, non-characters.
    "\u202egnp.exe",
    "\u202aleft\u202c \u2066isolate\u2069 \u200fRTL mark",
    "a\u200db\u200cc\u200bd",
    "e\u0301\u0301\u0301\u0301 Z\u0336\u0337\u0338\u0335",
    "\U0001f4a9 \U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 \U0001d54f",
    "\ufeffBOM",
    "\ufffd\uffff\ufffe",
    "\u0130\u0131\u017f\ufb00 \u212a",  # case-folding oddities; the Kelvin sign
    "\u2028line\u2029para",
    # NUL and other control characters.
    "\x00",
    "a\x00b",
    "\x01\x07\x08\x0b\x0c\x1b[31m",
    # Newlines of every kind, white space only.
    "line one\nline two\r\nline three\rline four",
    "\r\n\r\n",
    " \t ",
    # Template and format-string syntax.
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    "%s%s%s%n",
    "../../../../etc/passwd",
]

# Strings that would be markup if they reached the page unescaped.
INJECTED = ("<script>alert", "<img src=x onerror", "<svg onload")

_any_character = st.characters(exclude_categories=("Cs",))  # a str cannot hold a surrogate

long_strings = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["x", "\U0001f4a9", "<b>", "e\u0301", " "]),
    st.sampled_from([199, 200, 201, 299, 300, 301, 500, 501, 1_000, 1_001, 10_000, 10_001]),
)

texts = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(_any_character, max_size=30),
    long_strings,
    st.lists(
        st.sampled_from(HOSTILE) | st.text(_any_character, max_size=8), min_size=2, max_size=4
    ).map("".join),
)

dates = st.one_of(
    st.dates(datetime.date(1999, 12, 1), datetime.date(2031, 1, 31)).map(datetime.date.isoformat),
    # Inside the closed quarter (April to June 2021), where only an Editor may write.
    st.dates(datetime.date(2021, 4, 1), datetime.date(2021, 6, 30)).map(datetime.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.sampled_from(
        [
            "",
            "2021-02-30",
            "2021-13-01",
            "0000-00-00",
            "9999-12-31",
            "10000-01-01",
            "30/06/2021",
            "2021-06-30T00:00",
            "\u0662\u0660\u0662\u0661-\u0660\u0666-\u0663\u0660",
            "2021-06-30\x00",
        ]
    ),
    texts,
)

moments = st.one_of(
    st.datetimes(datetime.datetime(1, 1, 1), datetime.datetime(2031, 1, 1)).map(
        lambda moment: moment.isoformat(sep=" ")
    ),
    st.sampled_from(
        [
            "2021-06-30 12:00",
            "2021-06-30T12:00:00+14:00",
            "2021-06-30T12:00:00-12:00",
            "0001-01-01 00:00",
            "9999-12-31 23:59:59",
            "2021-06-30 25:00",
            "2021-03-28 01:30",
        ]
    ),
    dates,
)

whole_numbers = st.one_of(
    st.integers(-5, 105).map(str),
    st.integers().map(str),
    st.sampled_from(
        [
            "",
            " 40 ",
            "40.0",
            "40.5",
            "4e1",
            "\u0664\u0660",
            "0x28",
            "NaN",
            "inf",
            "1_0",
            "+40",
            "-0",
            "9" * 5_000,
        ]
    ),
    texts,
)

figures = st.one_of(
    st.decimals(min_value=Decimal(-1), max_value=Decimal(10) ** 15, places=2).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "0",
            "0.00",
            "-0",
            "12000",
            "12,000",
            "1e3",
            "1E+400",
            "99999999999999.99",
            "999999999999999.99",
            "0.001",
            "NaN",
            "-Infinity",
            "sNaN",
            "\u0661\u0662",
            "",
            " 7 ",
        ]
    ),
    texts,
)

urls = st.one_of(
    st.sampled_from(
        [
            "",
            "https://example.org/report",
            "http://example.org/a?b=<script>alert(1)</script>",
            "https://\u4f8b\u3048.\u30c6\u30b9\u30c8/\u30d1\u30b9",
            "https://xn--r8jz45g.xn--zckzah/",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://example.org/\u202e",
            "//evil.example/",
            "http://[::1",
            "http://[",
            "https://example.org/" + "x" * 600,
            "example.org",
            "ftp://example.org/",
            "https://user:pass@example.org/",
            "https://example.org/%00",
            "https://exa\u200bmple.org/",
            "https://example.org/\x00",
            "HTTPS://EXAMPLE.ORG/",
            "https://example.org:99999/",
        ]
    ),
    texts,
)


def mostly(valid: st.SearchStrategy[str], other: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A valid value five times in six: with several fields each drawn from mostly bad
    values, hardly any post would get past the form to the code that stores it."""
    return st.sampled_from([True] * 5 + [False]).flatmap(lambda ok: valid if ok else other)


def choices(valid: list[str]) -> st.SearchStrategy[str]:
    return mostly(st.sampled_from(valid), texts)


good_dates = st.dates(datetime.date(2000, 1, 1), datetime.date.today()).map(datetime.date.isoformat)
good_urls = st.sampled_from(
    [
        "",
        "https://example.org/report",
        "http://example.org/a?b=<script>alert(1)</script>",
        "https://\u4f8b\u3048.\u30c6\u30b9\u30c8/\u30d1\u30b9",
        "https://example.org/\u202e",
    ]
)

# A progress update's fields as the page and the admin post them, each mostly valid; and
# one valid post of them, for the examples every run tries.
progress_fields = {
    "as_of": mostly(good_dates, dates),
    "status": choices([choice.value for choice in ProgressUpdate.Status]),
    "percent_complete": mostly(st.integers(0, 100).map(str), whole_numbers),
    "narrative": texts,
    "evidence_url": mostly(good_urls, urls),
}
VALID_PROGRESS = {
    "as_of": "2021-10-01",
    "status": "on_track",
    "percent_complete": "30",
    "narrative": "Ahead of plan.",
    "evidence_url": "",
}


# Raw query strings: percent-encoded bytes that are not UTF-8 (a lone surrogate's, a cut
# emoji's, an overlong slash), broken escapes, and raw bytes as a WSGI server hands them on
# (decoded as ISO-8859-1).
_raw_pieces = st.one_of(
    st.sampled_from(
        [
            "%",
            "%%",
            "%zz",
            "%0",
            "%00",
            "%ED%A0%80",
            "%ED%B0%80",
            "%F0%9F",
            "%C0%AF",
            "%FF%FE",
            "%E2%80%AE",
            "%EF%BB%BF",
            "+",
            "&&",
            "==",
            ";",
            "%26",
            "%3D",
            "%5B%5D",
            "\\",
            "%0D%0A",
        ]
    ),
    st.binary(max_size=8).map(quote_from_bytes),
    st.binary(max_size=4).map(lambda raw: raw.decode("iso-8859-1")),
    st.text(string.ascii_letters + string.digits + "-_.", max_size=6),
)
raw_values = st.lists(_raw_pieces, max_size=5).map("".join)


def raw_query_strings(keys: list[str]) -> st.SearchStrategy[str]:
    key = st.one_of(st.sampled_from(keys), raw_values)
    pair = st.tuples(key, raw_values).map(lambda kv: f"{kv[0]}={kv[1]}")
    return st.lists(pair, max_size=6).map("&".join)


def norm(text: str) -> str:
    """White space as a browser shows it: runs of it as one space."""
    return " ".join(text.split())


def soup_of(response: HttpResponse) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")
_SCRIPTLESS_SCHEME = re.compile(r"^[\s\x00-\x1f]*(javascript|vbscript|data):", re.IGNORECASE)


def assert_page_is_safe(response: HttpResponse) -> BeautifulSoup:
    """No text the user sent became markup: no inline event handler, no script but the
    site's own, no frame or base, no javascript: link."""
    html = response.content.decode()
    for needle in INJECTED:
        assert needle not in html, f"unescaped {needle!r} in the page"
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in {"iframe", "frame", "object", "embed", "base"}, tag
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), tag
            if attribute in _URL_ATTRIBUTES:
                assert not _SCRIPTLESS_SCHEME.match(str(value)), tag
        if tag.name == "script":  # the site's own (its files, the admin's jsi18n) or data
            src = tag.get("src", "")
            assert (src.startswith("/") and not src.startswith("//")) or tag.get("type") == (
                "application/json"
            ), tag
    return soup


def assert_refused(response: HttpResponse) -> None:
    """Refused with a message: the NHS.UK error summary, or (for a body too large to
    read) a plain 400."""
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        soup = assert_page_is_safe(response)
        summary = soup.select_one(".nhsuk-error-summary")
        assert summary is not None, "refused without an error summary"
        assert "There is a problem" in summary.text
        assert summary.select("li"), "an error summary with no errors in it"
