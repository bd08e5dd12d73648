"""An evidence file is served to signed-in readers only, as an attachment with its type
and nosniff; a withdrawn update's file is hidden from all but Editors."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pypdf import PdfReader

from objectives.evidence import evidence_attach
from objectives.models import EvidenceFile, ProgressUpdate
from objectives.services import progress_update_withdraw
from tests import evidence_files


@pytest.fixture
def attached(recorded: ProgressUpdate, updater: User) -> EvidenceFile:
    (evidence,) = evidence_attach(
        update=recorded, uploads=[evidence_files.pdf("Board report.pdf")], user=updater
    )
    return evidence


def test_a_viewer_downloads_it_as_an_attachment(
    client: Client, viewer: User, attached: EvidenceFile
) -> None:
    client.force_login(viewer)
    response = client.get(attached.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Board report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(content)).pages) == 1


def test_it_is_stored_under_a_name_of_ours_and_keeps_its_own(
    attached: EvidenceFile, recorded: ProgressUpdate
) -> None:
    assert attached.name == "Board report.pdf"
    assert attached.file.name.startswith(f"evidence/{recorded.pk}/")
    assert attached.file.name.endswith(".pdf") and "Board" not in attached.file.name
    assert attached.version == recorded.history.latest().history_id


def test_a_signed_out_visitor_cannot(client: Client, attached: EvidenceFile) -> None:
    response = client.get(attached.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_withdrawn_updates_file_is_hidden_but_kept(
    client: Client, viewer: User, editor: User, attached: EvidenceFile, recorded: ProgressUpdate
) -> None:
    progress_update_withdraw(update=recorded, editor=editor, reason="Wrong quarter.")
    client.force_login(viewer)
    assert client.get(attached.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(attached.get_absolute_url()).status_code == 200
    assert EvidenceFile.objects.filter(pk=attached.pk).exists()
    assert attached.file.storage.exists(attached.file.name)
