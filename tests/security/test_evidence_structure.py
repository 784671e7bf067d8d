"""An evidence file is checked for what it is built of, not only how it starts.

A web page given a PDF or PNG header would otherwise be stored and served from
the portal's own address; officials attach these files in the report form.
"""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.models import StatusUpdate
from tests.samples import JPEG, PDF, PNG

ADD = reverse("admin:recommendations_statusupdate_add")
PAGE = b"<html><body><script>fetch('/admin/')</script></body></html>"
MISMATCH = "не соответствует расширению"
MARKUP = "содержит код веб-страницы"


def chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def post_report(client, item, upload: SimpleUploadedFile):
    return client.post(
        ADD,
        {
            "recommendation": item.pk,
            "status": "in_progress",
            "progress": "40",
            "reported_on": "01.03.2019",
            "comment": "Проведено совещание",
            "evidence_url": "",
            "evidence_file": upload,
            "_save": "1",
        },
    )


def refusal(client, item, official, name: str, content: bytes) -> str:
    client.force_login(official)
    response = post_report(client, item, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert not StatusUpdate.objects.exists()
    return " ".join(response.context["adminform"].form.errors.get("evidence_file"))


def encrypted_entries(archive: bytes) -> bytes:
    """The same archive with every entry marked as encrypted."""
    marked = bytearray(archive)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = marked.find(signature)
        while start != -1:
            marked[start + flags_at] |= 0x01
            start = marked.find(signature, start + 4)
    return bytes(marked)


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


HTML_WITH_PDF_HEADER = b"<!-- " + b"x" * 200 + b" %PDF-1.4 -->\n<p>Hello</p>\n%%EOF"
DISGUISED = [
    ("act.pdf", HTML_WITH_PDF_HEADER, MISMATCH),
    ("act.pdf", b"<html>\n%PDF-1.4\n" + PAGE, MARKUP),
    ("act.pdf", PDF.replace(b"%%EOF", b"%%END"), MISMATCH),
    ("act.pdf", PDF.replace(b"startxref", b"startabcd"), MISMATCH),
    ("act.pdf", b"%PDF-1.4\n" + b"0" * 2000 + b"\nstartxref\n9\n%%EOF\n", MISMATCH),
    ("act.pdf", PDF[:200] + b"<ScRiPt>alert(1)</script>" + PDF[200:], MARKUP),
    ("scan.png", PNG[:33] + PAGE, MARKUP),
    ("scan.png", PNG[:33] + b"<p onmouseover=alert(1)>hello</p>", MISMATCH),
    ("scan.png", PNG[:8] + chunk(b"tEXt", b"a\x00b") + PNG[8:], MISMATCH),
    ("scan.png", PNG[:20] + bytes([PNG[20] ^ 1]) + PNG[21:], MISMATCH),
    ("scan.png", PNG + b"<p>after the end</p>", MISMATCH),
    ("scan.png", PNG[:-12] + b"<p>hidden</p>" + PNG[-12:], MISMATCH),
    ("scan.png", PNG[:-12] + chunk(b"IEND", b"") + b"junk" + PNG[-12:], MISMATCH),
    ("photo.jpg", JPEG[:20] + b"<svg onload=alert(1)>", MARKUP),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"<p>not a picture</p>" * 10, MISMATCH),
    ("report.docx", b"PK\x03\x04" + b"<iframe src=//evil>", MARKUP),
    ("report.odt", encrypted_entries(odt()), MISMATCH),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), DISGUISED)
def test_it_refuses_a_file_that_only_starts_like_its_type(
    client, item_a, official_a, name, content, message
):
    text = refusal(client, item_a, official_a, name, content)

    assert message in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "marker", [b"<html", b"<SCRIPT", b"<!DOCTYPE html>", b"<svg", b"<iframe"]
)
def test_it_refuses_web_page_markup_in_any_type(client, item_a, official_a, marker):
    office = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + marker

    text = refusal(client, item_a, official_a, "prikaz.doc", office)

    assert "Файл содержит код веб-страницы (HTML, SVG или скрипт)" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [("act.pdf", PDF), ("scan.png", PNG), ("photo.jpg", JPEG), ("doc.odt", odt())],
)
def test_it_still_accepts_real_documents_and_pictures(
    client, item_a, official_a, name, content
):
    client.force_login(official_a)

    response = post_report(client, item_a, SimpleUploadedFile(name, content))

    assert response.status_code == 302
    assert StatusUpdate.objects.get().evidence_file.read() == content
