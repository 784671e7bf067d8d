"""Checks on evidence files before they are stored.

Officials attach documents that anyone may download once an update is
published, so a file must be what its name says: the extension is on an
allow-list and the content must be built the way such a file is built, not
merely start like one. A program renamed to `report.pdf` is refused, and so is
a web page given a PDF or PNG header: a browser that sniffs content would run
its script on the portal's origin.
"""

import io
import logging
import os
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # MS Office 97-2003 (.doc, .xls)
ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument are zip archives

# Extension -> (content kind, the zip entry or mimetype that identifies it).
EVIDENCE_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": ("pdf", ""),
    ".doc": ("ole", ""),
    ".xls": ("ole", ""),
    ".docx": ("ooxml", "word/document.xml"),
    ".xlsx": ("ooxml", "xl/workbook.xml"),
    ".odt": ("odf", "application/vnd.oasis.opendocument.text"),
    ".ods": ("odf", "application/vnd.oasis.opendocument.spreadsheet"),
    ".jpg": ("jpeg", ""),
    ".jpeg": ("jpeg", ""),
    ".png": ("png", ""),
}
ALLOWED_NAMES = "PDF, DOC, DOCX, ODT, XLS, XLSX, ODS, JPG, PNG"

# What makes a file a web page to a browser. Looked for in the first kilobytes
# only: browsers sniff the start of a file, and in the compressed body of a
# genuine photo or archive four such bytes turn up by chance now and then.
MARKUP = (b"<html", b"<script", b"<!doctype html", b"<svg", b"<iframe")
MARKUP_SCAN_BYTES = 4096
# A PDF ends with `startxref`, the offset of its cross-reference section, and
# `%%EOF`; readers look for them in the last kilobyte.
PDF_TAIL_BYTES = 1024
PDF_XREF_TABLE = re.compile(rb"(?:^|[\r\n])xref\s")
PDF_XREF_STREAM = re.compile(rb"/Type\s*/XRef\b")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_IHDR = b"\x00\x00\x00\x0dIHDR"  # the first chunk: 13 bytes of header
PNG_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the last chunk, with its CRC

logger = logging.getLogger(__name__)


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def validate_evidence_file(file: File) -> None:
    """Refuse a file of another type, one whose content belies its name, or too big."""
    extension = _check_type_and_size(file)
    _check_content(file, extension)


def _check_type_and_size(file: File) -> str:
    """The file's extension, once it is one we take and the file is not too big."""
    extension = os.path.splitext(file.name or "")[1].lower()
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed types: %(allowed)s."),
            code="file_type",
            params={"allowed": ALLOWED_NAMES},
        )
    limit = evidence_max_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _(
                "The file is too large: %(size)s MB; files of up to %(limit)s MB "
                "can be attached."
            ),
            code="file_size",
            params={
                "size": f"{file.size / 1024 / 1024:.1f}".replace(".", ","),
                "limit": limit // 1024 // 1024,
            },
        )
    return extension


def _check_content(file: File, extension: str) -> None:
    """Refuse web page markup, and content that is not what the name says."""
    if _has_markup(file):
        logger.warning(
            "Evidence file refused: it holds web page markup",
            extra={"file_name": file.name, "file_size": file.size},
        )
        raise ValidationError(
            _(
                "The file holds the code of a web page (HTML, SVG or a script) "
                "and cannot be attached. Attach the document itself: %(allowed)s."
            ),
            code="file_markup",
            params={"allowed": ALLOWED_NAMES},
        )
    kind, marker = EVIDENCE_TYPES[extension]
    if not _content_is(file, kind, marker):
        # Worth a look: a renamed program is how malware gets onto a portal.
        logger.warning(
            "Evidence file refused: its content is not %s",
            extension,
            extra={"file_name": file.name, "file_size": file.size},
        )
        raise ValidationError(
            _(
                "The content of the file does not match its extension "
                "%(extension)s: the file may be damaged or disguised. Save the "
                "document again in that format and attach it once more."
            ),
            code="file_content",
            params={"extension": extension},
        )


def _has_markup(file: File) -> bool:
    file.seek(0)
    head = file.read(MARKUP_SCAN_BYTES).lower()
    file.seek(0)
    return any(marker in head for marker in MARKUP)


def _content_is(file: File, kind: str, marker: str) -> bool:
    """Whether the file is built as its kind is; never raises on a broken one."""
    file.seek(0)
    try:
        if kind in ("pdf", "png", "jpeg"):
            # At most EVIDENCE_MAX_UPLOAD_MB, checked before.
            content = file.read()
            if kind == "pdf":
                return _is_pdf(content)
            if kind == "png":
                return _is_png(content)
            return content.startswith(b"\xff\xd8\xff") and _image_opens(
                io.BytesIO(content), "JPEG"
            )
        head = file.read(1024)
        if kind == "ole":
            return head.startswith(OLE)
        if not head.startswith(ZIP):
            return False
        file.seek(0)
        return _archive_is(file, kind, marker)
    finally:
        file.seek(0)


def _is_pdf(content: bytes) -> bool:
    """A header at the very start, a trailer at the end, pages that pypdf can read."""
    tail = content[-PDF_TAIL_BYTES:]
    if not content.startswith(b"%PDF-") or b"%%EOF" not in tail:
        return False
    if b"startxref" not in tail:
        return False
    has_table = PDF_XREF_TABLE.search(content) and b"trailer" in content
    if not (has_table or PDF_XREF_STREAM.search(content)):
        return False
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        # The page tree's own count: reading every page would take seconds.
        pages = reader.trailer["/Root"]["/Pages"]
        return pages["/Type"] == "/Pages" and int(pages["/Count"]) > 0
    except (DependencyError, FileNotDecryptedError):
        # Encrypted with a password or a cipher pypdf cannot open without an
        # extra library: its structure, checked above, has to do.
        return True
    except Exception:  # pypdf raises many kinds on a broken file
        return False


def _is_png(content: bytes) -> bool:
    """IHDR first, every chunk's CRC right (Pillow checks them), IEND last."""
    if not content.startswith(PNG_SIGNATURE + PNG_IHDR):
        return False
    if not content.endswith(PNG_IEND):
        return False
    stream = io.BytesIO(content)
    if not _image_opens(stream, "PNG"):
        return False
    # verify() stops after the first IEND's length and type: that IEND must be
    # the one that ends the file, with nothing hidden between them.
    return stream.tell() == len(content) - 4


def _image_opens(stream: io.BytesIO, image_format: str) -> bool:
    try:
        with Image.open(stream, formats=[image_format]) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds on a broken image
        return False
    return True


def _archive_is(file: File, kind: str, marker: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if kind == "ooxml":
                # Macros (vbaProject.bin) make it a .docm/.xlsm, not a document.
                return (
                    "[Content_Types].xml" in names
                    and marker in names
                    and not any(name.endswith("vbaProject.bin") for name in names)
                )
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as entry:
                return entry.read(100).strip() == marker.encode()
    except Exception:  # a broken, encrypted or exotic archive: not a document
        return False
