"""The shipped fixture holds the resolution's own words, and nothing else."""

import re
from pathlib import Path

from recommendations.models import Recommendation
from stakeholders.models import AddresseeGroup

SOURCE = (
    Path(__file__).resolve().parents[2] / "fixtures/sources/resolution-2018-08-22.txt"
)
GROUPS = [
    ("Органы исполнительной власти Смоленской области", 4),
    (
        "Социальные партнёры профессиональных образовательных организаций и "
        "бизнес-сообщества",
        3,
    ),
    ("ГАУ ДПО СОИРО", 5),
    ("Педагогические коллективы профессиональных образовательных организаций", 6),
]


def original_items() -> list[str]:
    """Each «- …» line of the original, without the dash and its end punctuation."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    return [
        re.sub(r"[;.]\s*$", "", line[2:].strip())
        for line in lines
        if line.startswith("- ")
    ]


def test_it_holds_exactly_the_18_texts_of_the_original(resolution_2018):
    texts = list(
        Recommendation.objects.filter(resolution=resolution_2018)
        .order_by("order")
        .values_list("text", flat=True)
    )

    assert len(original_items()) == 18
    assert texts == original_items()


def test_it_numbers_them_within_the_four_groups(resolution_2018):
    numbers = list(
        resolution_2018.recommendations.order_by("order").values_list(
            "group__name", "number"
        )
    )

    expected = [
        (name, f"{g}.{k}")
        for g, (name, count) in enumerate(GROUPS, 1)
        for k in range(1, count + 1)
    ]
    assert numbers == expected
    assert list(AddresseeGroup.objects.values_list("name", flat=True)) == [
        name for name, _ in GROUPS
    ]


def test_it_describes_the_forum_of_22_august_2018(resolution_2018):
    assert str(resolution_2018.adopted_on) == "2018-08-22"
    assert "Новые кадры для цифровой экономики" in resolution_2018.event
    assert "Смоленск" in resolution_2018.place
    assert resolution_2018.is_published
    assert resolution_2018.preamble.startswith("22 августа 2018 года")


def test_it_marks_the_standing_duties(resolution_2018):
    continuous = dict(
        resolution_2018.recommendations.values_list("number", "is_continuous")
    )

    for number, flag in continuous.items():
        text = resolution_2018.recommendations.get(number=number).text
        if text.startswith(("продолжать", "систематически", "осуществлять")):
            assert flag, number
    assert not any(continuous[n] for n in ("1.1", "1.2", "1.3", "1.4", "2.1", "4.1"))
