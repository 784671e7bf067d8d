"""Sample values the tests share."""

import datetime
import io

from PIL import Image
from pypdf import PdfWriter

# A day the scenes' reports are about.
DAY = datetime.date(2019, 3, 1)


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # A4, in points
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, image_format)
    return buffer.getvalue()


# The smallest files that are what they say: one blank page, a small picture.
PDF = _pdf()
PNG = _image("PNG")
JPEG = _image("JPEG")
