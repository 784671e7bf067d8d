"""Checks on evidence files before they are stored.

Officials attach documents that anyone may download once an update is
published, so a file must be what its name says: the extension is on an
allow-list and the content must start the way such a file starts. A program
renamed to `report.pdf` is refused.
"""

import logging
import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

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

logger = logging.getLogger(__name__)


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def validate_evidence_file(file: File) -> None:
    """Refuse a file of another type, one whose content belies its name, or too big."""
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


def _content_is(file: File, kind: str, marker: str) -> bool:
    file.seek(0)
    head = file.read(1024)
    try:
        if kind == "pdf":
            # The header may follow a little junk, as readers allow.
            return b"%PDF-" in head
        if kind == "ole":
            return head.startswith(OLE)
        if kind == "jpeg":
            return head.startswith(b"\xff\xd8\xff")
        if kind == "png":
            return head.startswith(b"\x89PNG\r\n\x1a\n")
        if not head.startswith(ZIP):
            return False
        file.seek(0)
        return _archive_is(file, kind, marker)
    finally:
        file.seek(0)


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
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
