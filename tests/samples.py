"""Sample values the tests share."""

import datetime

# A day the scenes' reports are about.
DAY = datetime.date(2019, 3, 1)
# The smallest file that passes for a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
