"""What a cell of a file the portal writes may hold.

Text that a spreadsheet program would take for a formula is never written as
one (OWASP "CSV injection"): the one rule for every CSV and XLSX the portal
writes — the admin's exports, the reports, the open data. Nor does it hold a
control character, which XML cannot carry: text that came in before such
characters were refused still makes a file that opens.
"""

import csv
import re
from typing import Any

from ..validators import without_control_characters

# Strings that spreadsheet programs may take for the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel in a Russian locale splits a CSV on «;» and ignores the quotes of a
# field that does not start with one, so a cell may start after any «;» or
# line break inside a text: a formula character there is escaped too.
FORMULA_AFTER_BREAK = re.compile(r"([;\n\r])([=+\-@])")
# Every field in quotes: a reader that splits on commas keeps each text whole.
CSV_QUOTING = csv.QUOTE_ALL


def printable(value: Any) -> Any:
    """Text without control characters; any other value as it is."""
    if isinstance(value, str):
        return without_control_characters(value)
    return value


def formula_safe(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe."""
    value = printable(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_cell(value: Any) -> str:
    """A value as CSV text: empty for none, 1/0 for yes/no, lists joined by «; »."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return FORMULA_AFTER_BREAK.sub(r"\1'\2", formula_safe(str(value)))
