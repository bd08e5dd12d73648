"""The link_addresses filter (core.templatetags.display): every web address in a source
note is a link, whatever form it is written in, and the rest of the text is escaped."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template

JET = "https://lihnnhs.info/maptoolkit/?p=2407"
MANDATE = "https://www.gov.uk/government/publications/health-education-england-mandate-2021-to-2022"


def rendered(text: str) -> str:
    return Template("{% load display %}{{ text|link_addresses }}").render(Context({"text": text}))


def links(html: str) -> list[tuple[str, str]]:
    return [(a["href"], a.text) for a in BeautifulSoup(html, "html.parser").find_all("a")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Title as the JET Library's page gives it: {JET}", [(JET, JET)]),
        # Written without a scheme, under a domain Django's urlize does not know (.info,
        # .uk): linked over https.
        ("See lihnnhs.info/maptoolkit/?p=2407 too", [(JET, "lihnnhs.info/maptoolkit/?p=2407")]),
        (
            "gov.uk/government/publications/x is the page",
            [("https://gov.uk/government/publications/x", "gov.uk/government/publications/x")],
        ),
        ("www.gov.uk/guidance", [("https://www.gov.uk/guidance", "www.gov.uk/guidance")]),
        # An address given with http:// keeps it.
        ("http://example.org/old", [("http://example.org/old", "http://example.org/old")]),
    ],
)
def test_it_links_addresses_with_or_without_a_scheme(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert links(rendered(text)) == expected


@pytest.mark.parametrize(
    ("text", "after"),
    [
        (f"Check the wording against the mandate: {MANDATE}. The theme is ours.", ". The theme"),
        (f"the business plan ({MANDATE}), not the mandate", "), not the mandate"),
        (f"a write-up ({MANDATE}).", ")."),
        (f"the page: {MANDATE}; and", "; and"),
    ],
)
def test_trailing_punctuation_stays_in_the_text_outside_the_link(text: str, after: str) -> None:
    html = rendered(text)
    assert links(html) == [(MANDATE, MANDATE)]
    assert BeautifulSoup(html, "html.parser").text == text  # nothing lost, nothing added
    assert html.split("</a>", 1)[1].startswith(after)


@pytest.mark.parametrize(
    "text",
    [
        "gov.uk confirms only that the mandate has 14 objectives",  # a name, not an address
        "Write to someone@example.org",
        "HEE_mandate_2017-2018.pdf, licence v3.0, a £4.7bn budget, 2021/22, e.g. this",
    ],
)
def test_names_numbers_and_e_mail_addresses_are_not_linked(text: str) -> None:
    html = rendered(text)
    assert links(html) == []
    assert html == text


def test_everything_else_is_escaped() -> None:
    html = rendered(f'<script>alert("x")</script> & {JET} <b>bold</b>')
    assert "<script>" not in html and "<b>" not in html
    assert html.startswith("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <a ")
    assert links(html) == [(JET, JET)]


def test_an_address_cannot_break_out_of_its_link() -> None:
    html = rendered(
        'https://example.org/"onmouseover="alert(1) and https://example.org/a?b=1&c=<x>'
    )
    soup = BeautifulSoup(html, "html.parser")
    assert all(set(a.attrs) == {"href", "rel"} for a in soup.find_all("a"))
    assert "<x>" not in html
