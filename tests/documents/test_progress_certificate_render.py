"""The Word справка as a reader sees it: rendered to PDF by LibreOffice."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from recommendations.models import Recommendation

# In CI (.ci/run installs both) a missing tool fails the test instead.
pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftotext"))
        and not os.environ.get("CI"),
        reason="needs LibreOffice (soffice) and poppler-utils (pdftotext) installed",
    ),
]


def words(text: str) -> str:
    """The text as one line: the PDF breaks lines where the page does.

    Hyphens go too: pdftotext joins «профессионально-» at the end of a line
    to the next word without its hyphen.
    """
    return re.sub(r"\s+", " ", text).replace("-", "").strip()


def to_pdf(docx: bytes, folder: Path) -> Path:
    source = folder / "spravka.docx"
    source.write_bytes(docx)
    # A profile of its own, so that a LibreOffice already running elsewhere
    # neither takes the job over nor locks this one out.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "spravka.pdf"


def page_text(pdf: Path, page: int) -> str:
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_it_renders_every_text_and_numbers_the_pages_from_the_second(
    client, coordinator, demo, tmp_path
):
    client.force_login(coordinator)
    response = client.get(reverse("progress_docx"), {"resolution": demo.slug})
    assert response.status_code == 200

    pdf = to_pdf(b"".join(response.streaming_content), tmp_path)

    pages = len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert pages >= 3
    texts = [page_text(pdf, number) for number in range(1, pages + 1)]
    whole = words(" ".join(texts))
    for item in Recommendation.objects.filter(resolution=demo):
        assert words(item.text) in whole, item.number
    assert texts[0].lstrip().startswith("Информационная справка")
    for number, text in enumerate(texts[1:], start=2):
        assert text.split()[0] == str(number), f"page {number}"
    assert "Координатор" in texts[-1]
    # A recommendation's facts are never cut off from its text by a page break.
    facts = ("Ответственные:", "Срок:", "Статус:", "Последний отчёт:", "Подтверждение:")
    for number, text in enumerate(texts[1:], start=2):
        first_line = text.split("\n", 1)[1].lstrip()
        assert not first_line.startswith(facts), f"page {number}"
