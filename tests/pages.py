"""What the page tests read back from a response."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.http import HttpResponse


def error_summary(response: HttpResponse) -> list[str]:
    """The messages in the page's NHS.UK error summary, in the order shown."""
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one(".nhsuk-error-summary")
    assert summary is not None, "no error summary on the page"
    return [li.text.strip() for li in summary.select("li")]
