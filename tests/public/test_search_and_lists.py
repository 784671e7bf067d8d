"""Lists read in order and texts are cut where a reader expects: at a word."""

import re

import pytest
from django.urls import reverse

from recommendations.models.recommendation import cut_at_word

TEXT = (
    "обеспечить условия для внедрения регионального стандарта кадрового "
    "обеспечения промышленного роста образовательных организаций"
)


def test_it_cuts_a_long_text_at_a_word():
    cut = cut_at_word(TEXT)

    assert cut.endswith("…") and len(cut) <= 80
    assert TEXT.startswith(cut[:-1])
    assert TEXT[len(cut) - 1] == " "  # the next character starts a new word


def test_it_leaves_a_short_text_whole():
    assert cut_at_word("обеспечить условия") == "обеспечить условия"


@pytest.mark.django_db
def test_it_sorts_the_organisation_filter_by_the_names_it_shows(client, demo):
    page = client.get("/").content.decode()

    select = re.search(r'<select name="organisation".*?</select>', page, re.S)[0]
    shown = re.findall(r'<option value="[^"]+">([^<]+)</option>', select)
    assert len(shown) > 3
    key = [name.strip("«»\"' ").casefold() for name in shown]
    assert key == sorted(key)


@pytest.mark.django_db
def test_it_shows_the_whole_text_on_hover_in_the_admin_list(
    client, coordinator, make_recommendation
):
    item = make_recommendation(text=TEXT)
    client.force_login(coordinator)

    page = client.get(
        reverse("admin:recommendations_recommendation_changelist")
    ).content.decode()

    assert f'title="{item.text}"' in page
    assert cut_at_word(item.text) in page
