"""The original text of a resolution, as it ships with the portal.

A resolution's text is kept verbatim in `fixtures/sources/`, named by the day
it was adopted (`resolution-2018-08-22.txt`); the portal serves it as it is.
"""

from pathlib import Path

from django.conf import settings

from ..models import Resolution

SOURCES_DIR = Path(settings.BASE_DIR) / "fixtures" / "sources"


def original_text_path(resolution: Resolution) -> Path | None:
    """The file of the resolution's original text, if the portal has one."""
    path = SOURCES_DIR / f"resolution-{resolution.adopted_on:%Y-%m-%d}.txt"
    return path if path.is_file() else None
