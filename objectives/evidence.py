"""Evidence files on a progress update: what may be attached (the type read from the
content, not the name; a size limit, EVIDENCE_MAX_BYTES), the form field that takes
several at once, and the write that stores them through Django's storage API (the
default storage: the filesystem unless settings name another, such as an S3 store)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Any

import filetype
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from objectives.models import EvidenceFile, ProgressUpdate

Kind = EvidenceFile.Kind
# The names a kind may carry, and the media type it is served as.
EXTENSIONS = {
    Kind.PDF: {"pdf"},
    Kind.DOCX: {"docx"},
    Kind.XLSX: {"xlsx"},
    Kind.CSV: {"csv"},
    Kind.PNG: {"png"},
    Kind.JPEG: {"jpg", "jpeg"},
}
MEDIA_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.CSV: "text/csv",
    Kind.PNG: "image/png",
    Kind.JPEG: "image/jpeg",
}
# What filetype calls each kind it recognises from the content.
DETECTED = {"pdf": Kind.PDF, "png": Kind.PNG, "jpg": Kind.JPEG}
OFFICE_PARTS = {Kind.DOCX: "word/document.xml", Kind.XLSX: "xl/workbook.xml"}
ALLOWED_WORDS = "a PDF, DOCX, XLSX, CSV, PNG or JPEG file"
SNIFF_BYTES = 8192


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def _office_kind(head: bytes, upload: UploadedFile) -> str | None:
    """A DOCX or XLSX is a zip holding its main part: open it to see which."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        names = set(zipfile.ZipFile(upload).namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    return next((kind for kind, part in OFFICE_PARTS.items() if part in names), None)


def _is_csv(upload: UploadedFile) -> bool:
    """Text, with no NUL, that is not markup: CSV has no signature to read, so what is
    checked is that a browser or a spreadsheet cannot take it for anything else."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if b"\x00" in head:
        return False
    try:
        text = io.TextIOWrapper(io.BytesIO(head), encoding="utf-8-sig").read()
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return not text.lstrip().startswith("<")


def content_kind(upload: UploadedFile) -> str | None:
    """The kind the file's content shows it to be, if it is one we take."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    detected = filetype.guess_extension(head)
    if detected in DETECTED:
        return DETECTED[detected]
    office = _office_kind(head, upload)
    if office:
        return office
    return Kind.CSV if detected is None and _is_csv(upload) else None


def check_upload(upload: UploadedFile) -> str:
    """The file's kind, or a ValidationError in words that say what to do."""
    name = PurePath(upload.name or "").name
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"“{name}” is {filesizeformat(upload.size)}: choose a file of "
            f"{filesizeformat(limit)} or smaller.",
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(
            f"“{name}” is empty: choose a file with something in it.", code="empty"
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    kind = content_kind(upload)
    if kind is None or extension not in EXTENSIONS[kind]:
        raise ValidationError(
            f"“{name}” is not {ALLOWED_WORDS}: the file's content does not match its name. "
            f"Choose {ALLOWED_WORDS}.",
            code="wrong_type",
        )
    return kind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several files in one input, as Django's documentation shows; each is checked."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Evidence files")
        kwargs.setdefault(
            "help_text",
            f"Optional. {ALLOWED_WORDS[2:].capitalize()}s only, each up to "
            f"{filesizeformat(max_bytes())}. You can choose several.",
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(EvidenceFilesField, self).clean(u, initial) for u in uploads]
        errors = []
        for upload in cleaned:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return cleaned


def evidence_attach(
    *, update: ProgressUpdate, uploads: list[UploadedFile], user: AbstractBaseUser
) -> list[EvidenceFile]:
    """Store the files and attach them to the update's current version. Called inside the
    write that made or changed that version, so they come and go with it; a file stored
    by a write that then rolls back is left unreferenced in the storage, never lost."""
    version = update.history.latest().history_id  # type: ignore[attr-defined]
    attached = []
    for upload in uploads:
        kind = check_upload(upload)
        evidence = EvidenceFile(
            update=update,
            version=version,
            name=PurePath(upload.name or "").name[:255],
            kind=kind,
            size=upload.size or 0,
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
        evidence.file.save(upload.name or kind, upload, save=False)
        evidence.save()
        attached.append(evidence)
    return attached
