"""An evidence file, to those who may read it: always as a download (an attachment, with
its declared type and `nosniff`), never shown inline, so no file can run as a page of
ours. A withdrawn update's files are hidden with it, from all but Editors."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from core.roles import EDIT_PROGRESS
from objectives.access import require
from objectives.evidence import MEDIA_TYPES
from objectives.models import EvidenceFile

VIEW_EVIDENCE = "objectives.view_evidencefile"


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(EvidenceFile.objects.select_related("update"), pk=pk)
    require(request, VIEW_EVIDENCE)
    if evidence.update.is_withdrawn and not request.user.has_perm(EDIT_PROGRESS):
        raise Http404("No such file.")
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=MEDIA_TYPES[evidence.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
