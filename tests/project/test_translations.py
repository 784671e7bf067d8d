"""Every interface string has its Russian translation."""

import re
from pathlib import Path

from django.utils import translation

from recommendations.models import Status

PO = Path(__file__).resolve().parents[2] / "locale/ru/LC_MESSAGES/django.po"


def entries() -> list[str]:
    return PO.read_text(encoding="utf-8").split("\n\n")[1:]


def test_it_translates_every_msgid_into_russian():
    untranslated = [
        block
        for block in entries()
        if not block.startswith("#~")
        and (
            # An empty msgstr is one with no continuation line after it.
            re.search(r'^msgstr(\[\d\])? ""\n(?!")', block + "\n", re.M)
        )
    ]
    fuzzy = [block for block in entries() if "#, fuzzy" in block]

    assert untranslated == []
    assert fuzzy == []


def test_it_fills_every_russian_plural_form():
    for block in entries():
        if "msgid_plural" in block:
            assert len(re.findall(r"^msgstr\[\d\]", block, re.M)) == 3, block


def test_it_shows_status_labels_in_russian_by_default():
    with translation.override("ru"):
        assert str(Status.NOT_STARTED.label) == "Не начато"
        assert str(Status.IN_PROGRESS.label) == "Выполняется"
        assert str(Status.ONGOING.label) == "Выполняется на постоянной основе"
        assert str(Status.DELAYED.label) == "Отстаёт от срока"
        assert str(Status.DONE.label) == "Выполнено"
        assert str(Status.CANCELLED.label) == "Исключено из мониторинга"
