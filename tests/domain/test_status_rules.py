"""The status rules: one table, and what it says is what the workflow checks."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from recommendations.management.demo.samples import SAMPLE_STATES
from recommendations.models import STATUS_RULES, Status, progress_help_text
from recommendations.services import validate_report
from tests.samples import DAY


def test_it_has_a_rule_for_every_status():
    assert set(STATUS_RULES) == set(Status.values)


@pytest.mark.parametrize("status, progress", SAMPLE_STATES)
def test_it_accepts_every_sample_state(status, progress):
    assert STATUS_RULES[status].allows(progress)


@pytest.mark.parametrize("status", list(Status))
def test_it_refuses_in_the_workflow_exactly_what_the_table_refuses(
    status, make_recommendation, make_organisation, coordinator
):
    organisation = make_organisation()
    item = make_recommendation(lead=organisation, is_continuous=True)
    rule = STATUS_RULES[status]
    for progress in (0, 1, 50, 99, 100):
        report = {
            "recommendation": item,
            "organisation": organisation,
            "author": coordinator,
            "status": status,
            "progress": progress,
            "comment": "Приказ № 5",
            "reported_on": DAY,
        }
        if rule.allows(progress):
            validate_report(**report)
        else:
            with pytest.raises(ValidationError) as refusal:
                validate_report(**report)
            assert refusal.value.message_dict["progress"] == [
                str(rule.progress_refusal)
            ]


def test_it_writes_the_form_help_from_the_table():
    with translation.override("ru"):
        text = str(progress_help_text)
    assert "«Не начато» — прогресс 0" in text
    assert "«Выполняется» — прогресс от 1 до 99" in text
    assert "«Отстаёт от срока» — прогресс меньше 100" in text
    assert "«Выполнено» — прогресс 100, с подтверждением" in text
    assert "только для постоянных поручений" in text
    assert "устанавливают координаторы" in text
