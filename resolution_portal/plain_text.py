"""Text that people and files bring in holds no control characters.

A C0 control character other than tab, line feed and carriage return has no
place in a comment, a link or a name, and breaks what the portal writes from
it: XML (the Atom feed, the Excel files) cannot hold one at all. Refused where
text comes in; dropped as a second line where text goes out.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def validate_plain_text(value: object) -> None:
    """Refuse text holding a zero byte or another control character."""
    if not isinstance(value, str) or not CONTROL_CHARACTERS.search(value):
        return
    if "\x00" in value:
        # The database cannot store it, and would say so in English.
        raise ValidationError(
            _(
                "The text holds a zero byte, an invisible character that "
                "cannot be stored: type it again or paste it as plain text."
            ),
            code="zero_byte",
        )
    raise ValidationError(
        _(
            "The text holds an invisible control character (such as a vertical "
            "tab or an escape) that cannot be stored: type it again or paste "
            "it as plain text."
        ),
        code="control_character",
    )


def without_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)
