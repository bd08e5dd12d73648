"""Evidence files attached where progress is recorded: the record page, the edit page, the
quarterly return and the admin, each checked by its content and size, never losing what
else was typed."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.versions import version_of
from objectives.models import EvidenceFile, Objective, ProgressUpdate
from tests import evidence_files

pytestmark = pytest.mark.usefixtures("mandates")
URL = "/mandates/hee-2021-22/objectives/3/record/"


def valid(**changes: object) -> dict[str, object]:
    return {
        "as_of": "2022-03-31",
        "status": ProgressUpdate.Status.ON_TRACK,
        "percent_complete": "40",
        "narrative": "On course.",
        "evidence_url": "",
    } | changes


@pytest.mark.usefixtures("without_published_figures")  # no suggested status to explain
def test_files_of_each_kind_are_attached_from_the_record_page_and_listed(
    client: Client, updater: User, nurses: Objective
) -> None:
    client.force_login(updater)
    uploads = [evidence_files.pdf(), evidence_files.xlsx(), evidence_files.image("chart.png")]
    response = client.post(URL, valid(evidence_files=uploads), follow=True)
    assert "Progress recorded." in response.content.decode()
    update = ProgressUpdate.objects.get()
    files = list(update.evidence_files.order_by("pk"))
    assert [(f.name, f.kind) for f in files] == [
        ("report.pdf", "pdf"),
        ("figures.xlsx", "xlsx"),
        ("chart.png", "png"),
    ]
    assert all(
        f.uploaded_by == updater and f.version == update.history.get().history_id for f in files
    )
    listed = BeautifulSoup(response.content, "html.parser").select(".app-evidence-files a")
    assert [a.get_text() for a in listed] == ["report.pdf", "figures.xlsx", "chart.png"]
    # The spreadsheet comes back as it went in, opened as a reader's Excel would.
    download = client.get(listed[1]["href"])
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert [c.value for c in book.active[1]] == ["Nurses", 27003]


@pytest.mark.usefixtures("without_published_figures")
def test_an_html_file_named_pdf_is_refused_and_the_form_kept(
    client: Client, updater: User, nurses: Objective
) -> None:
    client.force_login(updater)
    response = client.post(
        URL,
        valid(
            narrative="Kept while the file is refused.",
            evidence_files=[evidence_files.html_named_pdf()],
        ),
    )
    soup = BeautifulSoup(response.content, "html.parser")
    link = soup.select_one(".nhsuk-error-summary a")
    assert link.get_text().startswith(
        "“report.pdf” is not a PDF, DOCX, XLSX, CSV, PNG or JPEG file"
    )
    assert soup.select_one(link["href"]).get("name") == "evidence_files"
    assert (
        soup.select_one("textarea[name=narrative]").get_text().strip()
        == "Kept while the file is refused."
    )
    assert not ProgressUpdate.objects.exists()
    assert not EvidenceFile.objects.exists()


@pytest.mark.usefixtures("without_published_figures")
def test_an_oversize_file_is_refused_in_words_and_the_form_kept(
    client: Client, updater: User, nurses: Objective, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 2048
    client.force_login(updater)
    big = evidence_files.image("photo.png")
    big.file.write(b"\x00" * 4096)
    big.size = big.file.tell()
    big.file.seek(0)
    response = client.post(URL, valid(percent_complete="55", evidence_files=[big]))
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [a.get_text() for a in soup.select(".nhsuk-error-summary a")]
    assert errors == [
        f"“photo.png” is {big.size / 1024:.1f}\xa0KB: choose a file of 2.0\xa0KB or smaller."
    ]
    assert soup.select_one("input[name=percent_complete]")["value"] == "55"
    assert not ProgressUpdate.objects.exists()


def test_an_editor_adds_a_file_to_an_update_on_its_edit_page(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    client.force_login(editor)
    response = client.post(
        f"/updates/{recorded.pk}/edit/",
        {
            "as_of": recorded.as_of.isoformat(),
            "status": recorded.status,
            "percent_complete": recorded.percent_complete,
            "narrative": recorded.narrative,
            "evidence_url": "",
            "reason": "The board's minutes",
            "read_version": version_of(recorded),
            "evidence_files": [evidence_files.docx()],
        },
    )
    assert response.status_code == 302
    (evidence,) = recorded.evidence_files.all()
    newest = recorded.history.order_by("-history_id").first()
    assert (evidence.name, evidence.version) == ("minutes.docx", newest.history_id)
    assert newest.history_change_reason == "Edited: The board's minutes"


def test_the_admin_takes_a_file_with_the_same_checks(
    client: Client, editor: User, recorded: ProgressUpdate
) -> None:
    client.force_login(editor)
    url = reverse("admin:objectives_progressupdate_change", args=[recorded.pk])
    form = {
        "objective": recorded.objective_id,
        "as_of": recorded.as_of.isoformat(),
        "status": recorded.status,
        "percent_complete": recorded.percent_complete,
        "narrative": recorded.narrative,
        "evidence_url": "",
        "status_reason": "",
        "reason": "Evidence",
        "read_version": version_of(recorded),
    }
    refused = client.post(url, form | {"evidence_files": [evidence_files.html_named_pdf()]})
    assert refused.status_code == 200
    assert "is not a PDF, DOCX, XLSX, CSV, PNG or JPEG file" in refused.content.decode()
    assert not EvidenceFile.objects.exists()
    form["read_version"] = version_of(ProgressUpdate.objects.get(pk=recorded.pk))
    saved = client.post(url, form | {"evidence_files": [evidence_files.csv()]})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    (evidence,) = recorded.evidence_files.all()
    assert evidence.kind == "csv"
    page = client.get(url).content.decode()
    assert evidence.get_absolute_url() in page


@pytest.fixture
def july_2021() -> Iterator[None]:
    with time_machine.travel(
        datetime.datetime(2021, 7, 20, 9, tzinfo=ZoneInfo("Europe/London")), tick=False
    ):
        yield


@pytest.mark.usefixtures("july_2021")
def test_the_quarterly_return_takes_files_on_a_row(
    client: Client, updater: User, nurses: Objective
) -> None:
    Objective.objects.filter(pk=nurses.pk).update(owner=updater)
    client.force_login(updater)
    soup = BeautifulSoup(client.get("/return/").content, "html.parser")
    prefix = soup.select_one("input[name$=row_objective]")["name"].removesuffix("row_objective")
    data = {
        "return-TOTAL_FORMS": "1",
        "return-INITIAL_FORMS": "1",
        "return-MIN_NUM_FORMS": "0",
        "return-MAX_NUM_FORMS": "1",
        f"{prefix}row_objective": str(nurses.pk),
        f"{prefix}as_of": "2021-06-30",
        f"{prefix}status": ProgressUpdate.Status.ON_TRACK,
        f"{prefix}percent_complete": "20",
        f"{prefix}narrative": "With the workforce figures.",
        f"{prefix}evidence_url": "",
        f"{prefix}status_reason": "Figures not yet in.",
        f"{prefix}evidence_files": [evidence_files.pdf("workforce.pdf")],
    }
    response = client.post("/return/", data, follow=True)
    assert "Recorded 1 update." in response.content.decode()
    (evidence,) = EvidenceFile.objects.all()
    assert (evidence.name, evidence.update.objective_id) == ("workforce.pdf", nurses.pk)
