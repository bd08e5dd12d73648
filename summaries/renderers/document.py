"""The summary as a document: one template, shown as a printable HTML page and drawn
as a PDF by WeasyPrint.

WeasyPrint would fetch any URL the document names, over the network too. It is given a
fetcher that serves the app's own static files from disk and refuses everything else,
so producing a PDF makes no request, to this server or any other.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.status import BAR_COLOURS, ORDER, key, label
from objectives.provenance import codes
from summaries.renderers.data import target_text
from summaries.summary import ObjectiveLine, Summary, ThemeSummary

TEMPLATE = "summaries/summary_document.html"
PAGES_TEMPLATE = "summaries/summary_pages.html"
# A part of a long PDF: at most this many objectives, a long theme split across parts (see
# summary_pdf). The fewer, the smaller a part's layout, and the more parts to join.
PART_OBJECTIVES = 100
# The parts are drawn without summary.css's margin boxes: those are drawn once, for all
# the pages together.
NO_MARGIN_BOXES = CSS(
    string="@page { @top-left { content: none } @top-right { content: none } "
    "@bottom-right { content: none } }"
)
# The margins' pages are laid over the parts' pages: no background of their own.
SEE_THROUGH = CSS(string="html { background: none }")
DOWNLOAD_FORMATS = [("pdf", "PDF"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON")]


@dataclass(frozen=True)
class Row:
    line: ObjectiveLine
    marks: str  # the provenance marks' codes, explained by the legend
    targets: list[str]
    evidence_href: str  # only a web address becomes a link
    # The status bar's colour, drawn as an SVG fill attribute beside the status in words:
    # allowed by a strict CSP, and printed even when a browser leaves out backgrounds.
    colour: str
    was: str  # the status at the previous quarter's end in words; a dash without one
    was_key: str
    was_colour: str


@dataclass(frozen=True)
class Section:
    """A theme's objectives, or some of them: a long theme is split across a PDF's parts,
    and the sections after its first are its continuation."""

    theme: ThemeSummary
    lines: list[ObjectiveLine]
    continued: bool = False


def _rows(summary: Summary, lines: list[ObjectiveLine]) -> list[Row]:
    return [
        Row(
            line=line,
            marks=codes(line.marks),
            targets=[target_text(t) for t in line.targets],
            evidence_href=(
                line.evidence_url if line.evidence_url.startswith(("https://", "http://")) else ""
            ),
            colour=BAR_COLOURS[key(line.status)],
            was=summary.was_words(line),
            was_key=key(line.was_status),
            was_colour=BAR_COLOURS[key(line.was_status)],
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


def _context(
    summary: Summary,
    *,
    for_print: bool,
    sections: list[Section] | None = None,
    first: bool = True,
    last: bool = True,
) -> dict[str, Any]:
    return {
        "summary": summary,
        "mandate": summary.mandate,
        "totals": summary.totals,
        "status_labels": [label(status) for status in ORDER],
        "overview": summary.themes,
        "sections": [
            (section, _rows(summary, section.lines))
            for section in sections or [Section(theme, theme.lines) for theme in summary.themes]
        ],
        "marks": summary.marks_used,
        "downloads": [] if for_print else _downloads(summary),
        "first": first,
        "last": last,
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


def _parts(themes: list[ThemeSummary]) -> list[list[Section]]:
    """Sections of at most PART_OBJECTIVES objectives, in parts of at most as many; a short
    summary is one part, so its themes follow on."""
    parts: list[list[Section]] = [[]]
    size = 0
    for theme in themes:
        starts = range(0, len(theme.lines), PART_OBJECTIVES) if theme.lines else [0]
        for start in starts:
            section = Section(theme, theme.lines[start : start + PART_OBJECTIVES], start > 0)
            if parts[-1] and size + len(section.lines) > PART_OBJECTIVES:
                parts.append([])
                size = 0
            parts[-1].append(section)
            size += len(section.lines)
    return parts


def summary_pdf(summary: Summary, request: HttpRequest) -> bytes:
    """The PDF, drawn a part at a time and joined. WeasyPrint holds a document's whole
    layout until it is written, so a whole mandate of 2,500 objectives at once needed
    about 840 MiB; a part's layout is let go before the next is drawn. The margins (title,
    as at, "Page n of N") are drawn once all the pages are counted, from the same
    stylesheet, and laid over each page with pypdf."""
    base_url = request.build_absolute_uri("/")
    fetcher = StaticFilesFetcher(base_url)
    parts = _parts(summary.themes)
    writer = PdfWriter()
    for number, sections in enumerate(parts):
        context = _context(
            summary,
            for_print=True,
            sections=sections,
            first=number == 0,
            last=number == len(parts) - 1,
        )
        html = render_to_string(TEMPLATE, context, request=request)
        part = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            stylesheets=[NO_MARGIN_BOXES]
        )
        reader = PdfReader(BytesIO(part))
        writer.append(reader)
        if number == 0:
            writer.add_metadata(reader.metadata or {})
    pages = len(writer.pages)
    html = render_to_string(PAGES_TEMPLATE, {"summary": summary, "pages": range(pages)}, request)
    margins = PdfReader(
        BytesIO(
            HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
                stylesheets=[SEE_THROUGH]
            )
        )
    )
    for page, margin in zip(writer.pages, margins.pages, strict=True):
        page.merge_page(margin)
        page.compress_content_streams()  # merging leaves a page's drawing uncompressed
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
