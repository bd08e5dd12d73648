"""The summary as a printable page and as a PDF: the same template, read back as text."""

from __future__ import annotations

import datetime
import json
from io import BytesIO
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from mandates.models import OGL_ATTRIBUTION, Theme
from objectives.models import Objective, ProgressUpdate
from objectives.provenance import codes, objective_marks
from objectives.services import progress_update_record
from summaries.renderers.document import StaticFilesFetcher

pytestmark = pytest.mark.usefixtures("mandates")
SCRIPT = "<script>alert(1)</script>"
DASH = "\N{EN DASH}"  # in a cell with nothing to say
THEME_2 = "/mandates/hee-2021-22/themes/2/summary"
TITLE = (
    "Health Education England mandate: 2021 to 2022, "
    "theme 2: Government healthcare workforce priorities"
)


@pytest.fixture
def updates(nurses: Objective, updater: User) -> list[ProgressUpdate]:
    gp = Objective.objects.get(mandate__slug="hee-2021-22", reference="4")
    return [
        progress_update_record(
            objective=nurses,
            author=updater,
            as_of=datetime.date(2021, 6, 30),
            status=ProgressUpdate.Status.AT_RISK,
            percent_complete=35,
            narrative=f"International recruitment slowed. {SCRIPT}",
            evidence_url="https://www.hee.nhs.uk/our-work/nursing",
        ),
        progress_update_record(
            objective=gp,
            author=updater,
            as_of=datetime.date(2021, 6, 30),
            status=ProgressUpdate.Status.ON_TRACK,
            percent_complete=60,
            narrative='=HYPERLINK("http://evil.example","Click")',
        ),
    ]


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def objective_links(reader: PdfReader) -> list[str]:
    """The addresses of the objectives' pages that the PDF links to, in order."""
    return [
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/objectives/" in str(annotation.get_object().get("/A", {}).get("/URI", ""))
    ]


def test_the_print_view_escapes_user_text_and_uses_no_inline_style_or_script(
    client: Client, viewer: User, updates: list[ProgressUpdate]
) -> None:
    client.force_login(viewer)
    response = client.get(f"{THEME_2}.html", {"as_at": "2021-07-14"})

    assert response.status_code == 200
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == TITLE
    assert soup.find_all("script") == []
    assert soup.select("[style]") == []
    assert [link["href"] for link in soup.select("link[rel=stylesheet]")] == [
        "/static/css/summary.css"
    ]
    dates = [div.get_text(" ").split() for div in soup.select(".app-summary__dates div")]
    assert dates[0] == ["Figures", "as", "at", "14", "July", "2021"]
    assert dates[2][-2:] == ["by", "Vera-Viewer"]
    # Each cell names its column for a phone, where the rows stand as lists (summary.css).
    headers = [th.text for th in soup.select(".app-summary__objectives thead th")]
    for tr in soup.select(".app-summary__objectives tbody tr"):
        headings = [span.extract().text.strip() for span in tr.select(".app-summary__heading")]
        assert headings == headers
    rows = [
        [cell.text.strip() for cell in tr.select("th, td")]
        for tr in soup.select(".app-summary__objectives tbody tr")
    ]
    assert [row[0] for row in rows] == ["3", "4", "5"]
    assert [row[1] for row in rows] == [  # provenance marks
        codes(objective_marks(Objective.objects.get(mandate__slug="hee-2021-22", reference=r)))
        for r in ("3", "4", "5")
    ]
    assert rows[0][4:10] == [
        "At risk",  # was, at 30 June 2021: the same update
        "At risk",
        "35%",
        "30 Jun 2021",
        "No",
        f"International recruitment slowed. {SCRIPT}",
    ]
    assert rows[1][9] == '=HYPERLINK("http://evil.example","Click")'
    assert rows[2][4:9] == ["No update yet", "No update yet", DASH, DASH, "Yes"]
    legend = [div.get_text(" ", strip=True) for div in soup.select(".app-summary__legend div")]
    assert "S Wording: our reading of a summary of the mandate, not its own words" in legend
    assert "G Grouping: which theme it sits under is our inference" in legend
    assert not soup.select(".app-summary__demonstration")
    assert soup.select_one("svg.app-status-bar")["aria-label"] == (
        "3 objectives: 1 on track, 1 at risk, 1 no update yet"
    )
    assert OGL_ATTRIBUTION in soup.select_one("footer").text


def test_the_print_view_says_what_its_dates_are_and_its_licence_once(
    client: Client, viewer: User, updates: list[ProgressUpdate]
) -> None:
    client.force_login(viewer)
    moment = datetime.datetime(2021, 7, 14, 9, 30, tzinfo=datetime.UTC)  # 10:30 in London
    response = client.get(
        f"{THEME_2}.html", {"as_at": "2021-07-14", "recorded_by": moment.isoformat()}
    )

    soup = BeautifulSoup(response.content, "html.parser")
    dates = {div.dt.text: div.dd.text for div in soup.select(".app-summary__dates div")}
    # The moment up to which updates count, worded so that it cannot read as a person.
    assert dates["Updates recorded up to"] == "14 July 2021, 10:30"
    assert "Recorded by" not in soup.text
    assert "recorded up to 14 July 2021, 10:30" in soup.select_one(".app-summary__explained").text
    text = " ".join(soup.text.split())
    assert text.count(OGL_ATTRIBUTION) == 1
    assert OGL_ATTRIBUTION in soup.select_one("footer.app-summary__footer").text


def test_the_print_view_links_the_other_formats_with_the_same_dates(
    client: Client, viewer: User, updates: list[ProgressUpdate]
) -> None:
    recorded_by = timezone.now()
    later = Objective.objects.get(mandate__slug="hee-2021-22", reference="5")
    client.force_login(viewer)
    page = f"{THEME_2}.html"
    response = client.get(page, {"as_at": "2021-06-30", "recorded_by": recorded_by.isoformat()})
    progress_update_record(
        objective=later,
        author=updates[0].author,
        as_of=datetime.date(2021, 6, 1),
        status=ProgressUpdate.Status.NOT_STARTED,
        percent_complete=0,
        narrative="Recorded after the page was made.",
    )

    soup = BeautifulSoup(response.content, "html.parser")
    links = {a.text: a["href"] for a in soup.select(".app-summary__downloads a[download]")}
    assert set(links) == {"PDF", "Excel", "CSV", "JSON"}
    for label, extension in (("PDF", "pdf"), ("Excel", "xlsx"), ("CSV", "csv"), ("JSON", "json")):
        href = urlsplit(links[label])
        assert href.path == f"summary.{extension}"
        assert parse_qs(href.query) == {
            "as_at": ["2021-06-30"],
            "recorded_by": [recorded_by.isoformat()],
        }
    # Followed later, a link gives the summary on the page, not one with the later update.
    data = json.loads(client.get(urljoin(page, links["JSON"])).content)
    assert data["as_at"] == "2021-06-30"
    assert data["recorded_by"] == recorded_by.isoformat()
    assert [o["status"] for o in data["themes"][0]["objectives"]] == ["at_risk", "on_track", None]


def test_the_pdf_is_a_landscape_a4_paper_with_the_summary_page_numbers_and_licence(
    client: Client, viewer: User, updates: list[ProgressUpdate]
) -> None:
    client.force_login(viewer)
    response = client.get(f"{THEME_2}.pdf", {"as_at": "2021-06-30"})

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="hee-2021-22-theme-2-summary-2021-06-30.pdf"'
    )
    reader, text = pdf_text(response.content)
    words = " ".join(text.split())
    # Landscape: summary.css (size: A4 landscape) was loaded through the static files.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert TITLE in words
    assert "Figures as at 30 June 2021" in words
    assert f"International recruitment slowed. {SCRIPT}" in words
    # The formula is shown as the text it is; the narrow column may break its line anywhere.
    assert '=HYPERLINK("http://evil.example","Click")' in "".join(text.split())
    assert len(reader.pages) == 1  # a theme of three objectives is a one-page paper
    assert "Page 1 of 1" in words
    assert "Provenance marks" in words
    assert words.count(OGL_ATTRIBUTION) == 1  # once, in the footer
    assert "Updates recorded up to " in words
    assert "Recorded by" not in words
    assert "Download this summary" not in words
    assert "summary.xlsx" not in words


def test_a_whole_mandate_pdf_has_an_overview_then_its_themes_following_on(
    client: Client, viewer: User, updates: list[ProgressUpdate]
) -> None:
    client.force_login(viewer)
    response = client.get("/mandates/hee-2021-22/summary.pdf", {"as_at": "2021-06-30"})

    reader, _ = pdf_text(response.content)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Health Education England mandate: 2021 to 2022: summary" in pages[0]
    assert "Overview" in pages[0]
    assert "On track: 1 At risk: 1" in pages[0]  # the status bar's counts, in words
    # As at 30 June 2021 no quarter has fallen due (the first is due on 14 July): none overdue.
    assert "All themes 14 0 1 1 0 0 12 0" in pages[0]
    theme_starts = [
        next(i for i, page in enumerate(pages) if f"Theme {n}: " in page) for n in range(1, 7)
    ]
    assert theme_starts == sorted(theme_starts)
    # Themes follow on: with a page break before each, six themes after the overview made
    # seven pages or more, each theme starting a page of its own.
    assert len(pages) < 6 + 1
    assert len(set(theme_starts)) < 6
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Provenance marks" in pages[-1]  # the legend, after the last theme
    # Later pages say what they belong to, in case the pages come apart.
    assert "Health Education England mandate: 2021 to 2022: summary" in pages[-1]
    assert "Figures as at 30 June 2021" in pages[-1]


def test_demonstration_data_is_said_to_be_so(
    client: Client, viewer: User, updates: list[ProgressUpdate]
) -> None:
    updates[0].demonstration = True
    updates[0].save()
    client.force_login(viewer)
    response = client.get(f"{THEME_2}.html", {"as_at": "2021-06-30"})

    soup = BeautifulSoup(response.content, "html.parser")
    notice = soup.select_one(".app-summary__demonstration")
    assert notice is not None
    assert notice.text.startswith("Demonstration data")
    _, text = pdf_text(client.get(f"{THEME_2}.pdf", {"as_at": "2021-06-30"}).content)
    assert "Demonstration data" in " ".join(text.split())


def test_the_pdf_fetcher_serves_static_files_and_refuses_everything_else() -> None:
    fetcher = StaticFilesFetcher("http://testserver/")

    response = fetcher.fetch("http://testserver/static/css/summary.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    for url in [
        "http://example.org/static/css/summary.css",
        "http://testserver/admin/",
        "http://testserver/static/css/missing.css",
        "http://testserver/static/../config/settings.py",
        "http://testserver/static/%2e%2e/config/settings.py",
        "http://testserver/static//etc/passwd",
        "file:///etc/passwd",
        "data:text/css,body{}",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_long_pdf_is_drawn_in_parts_and_reads_as_one_paper(
    client: Client, viewer: User, updates: list[ProgressUpdate], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts of two objectives, so the fixtures' 14 objectives take several and a theme
    of more than two is split: the pages are numbered as one paper, the margins carry the
    title from page 2, the header, overview, legend and licence stand once, and a split
    theme's bar and return once, at its start, its continuation named as such."""
    import summaries.renderers.document as document

    client.force_login(viewer)
    url = "/mandates/hee-2021-22/summary.pdf"
    whole_reader, whole = pdf_text(client.get(url, {"as_at": "2021-07-14"}).content)
    monkeypatch.setattr(document, "PART_OBJECTIVES", 2)
    response = client.get(url, {"as_at": "2021-07-14"})
    assert response.status_code == 200
    reader, text = pdf_text(response.content)
    pages = len(reader.pages)
    assert pages >= 6  # six themes, each a part here
    sizes = [
        theme.objectives.count()
        for theme in Theme.objects.filter(mandate__slug="hee-2021-22").order_by("number")
    ]
    assert max(sizes) > 2
    assert text.count("(continued)") == sum((size - 1) // 2 for size in sizes)
    assert whole.count("(continued)") == 0
    # Each theme's bar once, and no objective lost or repeated: each row's reference is
    # its one link to the objective's page.
    assert text.count("Overdue for an update:") == whole.count("Overdue for an update:") == 7
    assert objective_links(reader) == objective_links(whole_reader)
    assert len(objective_links(reader)) == sum(sizes)
    texts = [page.extract_text() for page in reader.pages]
    assert [f"Page {n} of {pages}" in t for n, t in enumerate(texts, start=1)] == [True] * pages
    assert all("Health Education England mandate: 2021 to 2022: summary" in t for t in texts[1:])
    # The licence once, in the footer at the end; not in every page's margin.
    assert [" ".join(t.split()).count(OGL_ATTRIBUTION) for t in texts] == [0] * (pages - 1) + [1]
    assert text.count("Overview") == 1
    assert text.count("Provenance marks") == 1
    assert "International recruitment slowed." in text
    assert reader.metadata is not None and reader.metadata.title == (
        "Health Education England mandate: 2021 to 2022: summary"
    )
