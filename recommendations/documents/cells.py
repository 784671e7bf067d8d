"""What a cell of a file the portal writes may hold.

Text that a spreadsheet program would take for a formula is never written as
one (OWASP "CSV injection"): the one rule for every CSV and XLSX the portal
writes — the admin's exports, the reports, the open data. Nor does it hold a
control character, which XML cannot carry: text that came in before such
characters were refused still makes a file that opens.
"""

from typing import Any

from ..validators import without_control_characters

# Strings that spreadsheet programs may take for the start of a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    return formula_safe(str(value))
