"""Real files of each kind an evidence upload takes, made with the libraries that make
them, and a few that must be refused."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def xlsx(name: str = "figures.xlsx") -> SimpleUploadedFile:
    book, out = Workbook(), io.BytesIO()
    book.active.append(["Nurses", 27003])
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def docx(name: str = "minutes.docx") -> SimpleUploadedFile:
    """The parts Word needs to open a document, zipped as Word zips them."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Board minutes</w:t></w:r></w:p></w:body></w:document>",
        )
    return SimpleUploadedFile(name, out.getvalue())


def image(name: str = "chart.png", kind: str = "PNG") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, kind)
    return SimpleUploadedFile(name, out.getvalue())


def csv(name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\ufeffMonth,Nurses\nSep 2023,51245\n".encode())


def html_named_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "application/pdf"
    )
