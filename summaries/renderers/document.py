"""The summary as a document: one template, shown as a printable HTML page and drawn
as a PDF by WeasyPrint.

WeasyPrint would fetch any URL the document names, over the network too. It is given a
fetcher that serves the app's own static files from disk and refuses everything else,
so producing a PDF makes no request, to this server or any other.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.status import BAR_COLOURS, ORDER, key, label
from summaries.renderers.data import target_text
from summaries.summary import ObjectiveLine, Summary

TEMPLATE = "summaries/summary_document.html"
DOWNLOAD_FORMATS = [("pdf", "PDF"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON")]


@dataclass(frozen=True)
class Row:
    line: ObjectiveLine
    targets: list[str]
    evidence_href: str  # only a web address becomes a link
    # The status bar's colour, drawn as an SVG fill attribute beside the status in words:
    # allowed by a strict CSP, and printed even when a browser leaves out backgrounds.
    colour: str


def _rows(lines: list[ObjectiveLine]) -> list[Row]:
    return [
        Row(
            line=line,
            targets=[target_text(t) for t in line.targets],
            evidence_href=(
                line.evidence_url if line.evidence_url.startswith(("https://", "http://")) else ""
            ),
            colour=BAR_COLOURS[key(line.status)],
        )
        for line in lines
    ]


def _downloads(summary: Summary) -> list[tuple[str, str]]:
    """Links to the same summary in the other formats. They carry both dates, so each is
    the summary on screen, whenever it is followed. Relative: the page is summary.html."""
    query = urlencode(
        {"as_at": summary.as_at.isoformat(), "recorded_by": summary.recorded_by.isoformat()}
    )
    return [(label, f"summary.{ext}?{query}") for ext, label in DOWNLOAD_FORMATS]


def _context(summary: Summary, *, for_print: bool) -> dict[str, Any]:
    return {
        "summary": summary,
        "mandate": summary.mandate,
        "totals": summary.totals,
        "status_labels": [label(status) for status in ORDER],
        "sections": [(theme, _rows(theme.lines)) for theme in summary.themes],
        "downloads": [] if for_print else _downloads(summary),
    }


def summary_html(summary: Summary, request: HttpRequest) -> str:
    return render_to_string(TEMPLATE, _context(summary, for_print=False), request=request)


class StaticFilesFetcher(URLFetcher):
    """Serves URLs under the static URL from the static files on disk; refuses the rest."""

    def __init__(self, base_url: str) -> None:
        super().__init__(allowed_protocols=("http", "https"), allow_redirects=False)
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not url.startswith(self.static_prefix):
            raise ValueError(f"Not fetched for a summary: {url}")
        name = unquote(urlsplit(url).path[len(urlsplit(self.static_prefix).path) :])
        path = self._find(name)
        if path is None:
            raise ValueError(f"No such static file: {url}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": content_type}, status=200
        )

    @staticmethod
    def _find(name: str) -> Path | None:
        if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
            return None
        # The source files (development, tests); then the collected ones, whose names carry
        # a hash under the manifest storage that {% static %} uses in production.
        found = finders.find(name)
        if found:
            return Path(found)
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
        return None


def summary_pdf(summary: Summary, request: HttpRequest) -> bytes:
    base_url = request.build_absolute_uri("/")
    html = render_to_string(TEMPLATE, _context(summary, for_print=True), request=request)
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url))
    return document.write_pdf()
