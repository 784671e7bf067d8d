"""The Excel report as it prints: converted to PDF by LibreOffice, read back
with pdftotext. Every recommendation's whole text is on paper, and every page
carries its number and the date of the state it shows."""

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.render

PACKAGES = "libreoffice-calc-nogui and poppler-utils"
AS_OF = datetime.date(2021, 1, 1)


def tools() -> tuple[str, str]:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not (soffice and pdftotext):
        reason = f"LibreOffice or pdftotext is missing (Debian packages {PACKAGES})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: the render tests must run in CI.")
        pytest.skip(reason)
    return soffice, pdftotext


def to_pdf(source: Path) -> Path:
    soffice, _ = tools()
    profile = source.parent / "lo-profile"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    pdf = source.with_suffix(".pdf")
    if not pdf.exists() and b"could not be loaded" in completed.stderr:
        pytest.fail(f"LibreOffice cannot open spreadsheets: install {PACKAGES}.")
    assert pdf.exists(), completed.stderr.decode()
    return pdf


def pages_text(pdf: Path) -> list[str]:
    _, pdftotext = tools()
    # -raw keeps the content order: the lines of one cell come one after another.
    text = subprocess.run(
        [pdftotext, "-raw", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    return [page for page in text.split("\f") if page.strip()]


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
)


def pages_words(pdf: Path) -> list[list[tuple[float, ...]]]:
    """Each page's words as boxes (x0, y0, x1, y1)."""
    _, pdftotext = tools()
    html = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    return [
        [tuple(map(float, box)) for box in WORD.findall(page)]
        for page in html.split("<page ")[1:]
    ]


def overlapping(words: list[tuple[float, ...]]) -> list[tuple]:
    """Words printed over each other. A cell cut short still has its hidden
    lines in the PDF, where the next row's text is: they overlap it."""
    found = []
    for n, (ax0, ay0, ax1, ay1) in enumerate(words):
        for bx0, by0, bx1, by1 in words[n + 1 :]:
            across = min(ax1, bx1) - max(ax0, bx0)
            down = min(ay1, by1) - max(ay0, by0)
            if across > 1 and down > 0.5 * min(ay1 - ay0, by1 - by0):
                found.append(((ax0, ay0), (bx0, by0)))
    return found


def flat(text: str) -> str:
    """One line of single spaces; a line broken after a hyphen («ТОП-|Регион»)
    joined again."""
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text)).strip()


def test_it_prints_every_recommendation_whole_with_page_numbers_and_date(
    client, demo, tmp_path
):
    tools()
    client.login(username="coordinator", password="demo12345")
    response = client.get(
        reverse("progress_xlsx"),
        {"resolution": demo.slug, "as_of": AS_OF.isoformat()},
    )
    assert response.status_code == 200
    source = tmp_path / "report.xlsx"
    source.write_bytes(b"".join(response.streaming_content))

    pdf = to_pdf(source)
    pages = pages_text(pdf)

    assert len(pages) >= 3  # the summary, the recommendations, the history
    printed = flat(" ".join(pages))
    for item in demo.recommendations.all():
        assert flat(item.text) in printed, item.number
    for number, page in enumerate(pages, 1):
        assert f"стр. {number} из {len(pages)}" in page, number
        assert f"Состояние на дату {AS_OF:%d.%m.%Y}" in page, number
        assert demo.title[:40] in page, number
    # Nothing is cut off: no text hidden under another cell's.
    for number, words in enumerate(pages_words(pdf), 1):
        assert not overlapping(words), f"page {number}: text cut off"
