"""What an evidence upload may be (objectives.evidence.check_upload): its type read from
its content, its name agreeing, at most EVIDENCE_MAX_BYTES."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from objectives.evidence import check_upload
from tests import evidence_files


@pytest.mark.parametrize(
    ("upload", "kind"),
    [
        (evidence_files.pdf(), "pdf"),
        (evidence_files.docx(), "docx"),
        (evidence_files.xlsx(), "xlsx"),
        (evidence_files.csv(), "csv"),
        (evidence_files.image("chart.png", "PNG"), "png"),
        (evidence_files.image("photo.jpg", "JPEG"), "jpeg"),
        (evidence_files.image("photo.JPEG", "JPEG"), "jpeg"),
    ],
    ids=["pdf", "docx", "xlsx", "csv", "png", "jpg", "JPEG"],
)
def test_it_takes_each_kind_by_its_content(upload: SimpleUploadedFile, kind: str) -> None:
    assert check_upload(upload) == kind


@pytest.mark.parametrize(
    "upload",
    [
        evidence_files.html_named_pdf(),
        SimpleUploadedFile("figures.csv", b"<html><body>not a table</body></html>"),
        evidence_files.pdf("report.docx"),  # a real PDF, named as something else
        evidence_files.xlsx("figures.docx"),
        SimpleUploadedFile("archive.docx", b"PK\x03\x04junk"),
        SimpleUploadedFile("program.png", b"MZ\x90\x00" + b"\x00" * 200),
        evidence_files.image("picture.gif", "GIF"),
    ],
    ids=["html-as-pdf", "html-as-csv", "pdf-as-docx", "xlsx-as-docx", "broken-zip", "exe", "gif"],
)
def test_it_refuses_a_file_whose_content_is_not_what_we_take_or_not_its_name(
    upload: SimpleUploadedFile,
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_upload(upload)
    (message,) = refused.value.messages
    assert message.startswith(f"“{upload.name}” is not a PDF, DOCX, XLSX, CSV, PNG or JPEG file")


def test_it_refuses_a_file_over_the_limit_in_words(settings) -> None:  # type: ignore[no-untyped-def]
    settings.EVIDENCE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.csv", b"a,b\n" * 1000)
    with pytest.raises(ValidationError) as refused:
        check_upload(upload)
    assert refused.value.messages == [
        # filesizeformat keeps a number with its unit (a no-break space).
        "“big.csv” is 3.9\xa0KB: choose a file of 1.0\xa0KB or smaller."
    ]


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(ValidationError, match="is empty"):
        check_upload(SimpleUploadedFile("empty.pdf", b""))
