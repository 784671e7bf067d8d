"""An evidence file must be a document of an allowed type, what its name says, small."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from recommendations.validators import validate_evidence_file
from tests.samples import JPEG, PDF, PNG

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Отчёт"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
ODT = zipped(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}
)
ODS = zipped(
    {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": b"<x/>",
    }
)
GOOD = {
    "prikaz.pdf": PDF,
    "prikaz.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    "otchet.XLS": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    "prikaz.docx": DOCX,
    "otchet.xlsx": xlsx(),
    "prikaz.odt": ODT,
    "otchet.ods": ODS,
    "foto.jpg": JPEG,
    "foto.jpeg": JPEG,
    "skan.png": PNG,
}


def refusal(name: str, content: bytes) -> str:
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        validate_evidence_file(SimpleUploadedFile(name, content))
    return " ".join(error.value.messages)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_it_accepts_each_allowed_document_type(name):
    upload = SimpleUploadedFile(name, GOOD[name])

    validate_evidence_file(upload)

    assert upload.read() == GOOD[name], "the file is left ready to be stored"


def test_it_refuses_an_executable_disguised_as_a_pdf(caplog):
    message = refusal("prikaz.pdf", EXECUTABLE)

    assert "не соответствует расширению .pdf" in message
    [record] = [r for r in caplog.records if r.name == "recommendations.validators"]
    assert record.getMessage() == "Evidence file refused: its content is not .pdf"
    assert record.file_name == "prikaz.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("prikaz.docx", EXECUTABLE),
        ("prikaz.docx", zipped({"setup.exe": EXECUTABLE})),
        ("otchet.xlsx", DOCX),
        ("prikaz.odt", ODS),
        ("prikaz.docx", b"PK\x03\x04 not really an archive"),
        (
            "makros.docx",
            zipped(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w/>",
                    "word/vbaProject.bin": b"\x00",
                }
            ),
        ),
        ("foto.png", GOOD["foto.jpg"]),
        ("skan.jpg", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 50),
    ],
)
def test_it_refuses_content_that_is_not_what_the_name_says(name, content):
    assert "не соответствует расширению" in refusal(name, content)


@pytest.mark.parametrize(
    "name", ["setup.exe", "report.pdf.exe", "page.html", "image.svg", "noextension"]
)
def test_it_refuses_other_file_types_naming_the_allowed_ones(name):
    message = refusal(name, GOOD["prikaz.pdf"])

    assert "Файлы такого типа нельзя прикрепить" in message
    assert "PDF, DOC, DOCX, ODT, XLS, XLSX, ODS, JPG, PNG" in message


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    content = GOOD["prikaz.pdf"] + b"\x00" * (1024 * 1024)

    message = refusal("prikaz.pdf", content)

    assert "Файл слишком большой: 1,0 МБ" in message
    assert "до 1 МБ" in message


def test_it_allows_ten_megabytes_by_default():
    ole = GOOD["prikaz.doc"]
    exactly_ten = ole + b"\x00" * (10 * 1024 * 1024 - len(ole))
    validate_evidence_file(SimpleUploadedFile("big.doc", exactly_ten))

    message = refusal("bigger.doc", exactly_ten + b"\x00")

    assert "можно прикрепить файлы до 10 МБ" in message
