"""How big an imported spreadsheet may be, checked before it is read.

An .xlsx file is a zip archive of XML: five kilobytes can unpack to a
gigabyte, and the `<dimension>` a sheet declares may claim a million rows and
sixteen thousand columns. The archive's members are measured by their
unpacked sizes, and every sheet is walked cell by cell without building it,
before openpyxl opens the file; openpyxl then reads the cells that are there,
never the dimension.
"""

import re
import zipfile
from typing import IO
from xml.etree.ElementTree import ParseError, iterparse

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .widgets import ImportFileError

# The importer reads a handful of columns; the template has nine.
MAX_COLUMNS = 50
CELL_REFERENCE = re.compile(r"([A-Z]{1,3})(\d+)")


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        ngettext(
            "The file has more than %(count)d row of reports: split it into "
            "several files and import them one by one.",
            "The file has more than %(count)d rows of reports: split it into "
            "several files and import them one by one.",
            max_rows(),
        )
        % {"count": max_rows()}
    )


def too_many_columns() -> ImportFileError:
    return ImportFileError(
        _(
            "The file has more than %(count)d columns: import the template's "
            "columns only."
        )
        % {"count": MAX_COLUMNS}
    )


def check_table(*, rows: int, columns: int) -> None:
    """A table read already (CSV): within the row and column limits."""
    if rows > max_rows():
        raise too_many_rows()
    if columns > MAX_COLUMNS:
        raise too_many_columns()


def check_workbook(stream: IO[bytes]) -> None:
    """Refuse a workbook that would unpack too big or hold too many cells."""
    limit = settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024
    with zipfile.ZipFile(stream) as archive:
        members = archive.infolist()
        # zipfile never unpacks more than a member's declared size.
        if sum(member.file_size for member in members) > limit:
            raise ImportFileError(
                _(
                    "The file unpacks to more than %(size)d MB: it is not a "
                    "spreadsheet of reports. Save the template filled in and "
                    "upload it again."
                )
                % {"size": settings.IMPORT_MAX_UNPACKED_MB}
            )
        for member in members:
            if member.filename.startswith("xl/worksheets/") and (
                member.filename.endswith(".xml")
            ):
                with archive.open(member) as sheet:
                    _check_sheet(sheet)
    stream.seek(0)


def _check_sheet(sheet: IO[bytes]) -> None:
    """Walk the sheet's rows and cells as they stream by, keeping none."""
    row, column = 0, 0
    try:
        for _event, element in iterparse(sheet, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "c":
                reference = CELL_REFERENCE.fullmatch(element.get("r") or "")
                column = _column_number(reference[1]) if reference else column + 1
                if reference:
                    row = max(row, int(reference[2]))
                if column > MAX_COLUMNS:
                    raise too_many_columns()
            elif tag == "row":
                row = int(element.get("r") or row + 1)
                column = 0
            else:
                continue
            # The header row comes on top of the reports.
            if row > max_rows() + 1:
                raise too_many_rows()
            element.clear()
    except (ParseError, ValueError) as error:
        raise ImportFileError(
            _(
                "The file could not be read as a spreadsheet. Save it from Excel "
                "as .xlsx, or as CSV in UTF-8, and upload it again."
            )
        ) from error


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
