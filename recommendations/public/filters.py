"""The public list's filters, read from the query string.

A filter value the portal does not know is reported back to the visitor and
left out; the rest still apply, so a mistyped link still shows a useful page.
"""

import re

import snowballstemmer
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stakeholders.models import AddresseeGroup, Organisation, by_shown_name

from ..models import RecommendationQuerySet, Status

MAX_SEARCH_LENGTH = 200


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Words of the text"),
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        error_messages={
            "max_length": _(
                "The search text is too long: at most %(limit_value)d characters."
            )
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        error_messages={
            "invalid_choice": _("Unknown status «%(value)s»: the filter is not used.")
        },
    )
    group = forms.ChoiceField(
        label=_("Addressee group"),
        required=False,
        error_messages={
            "invalid_choice": _("Unknown group «%(value)s»: the filter is not used.")
        },
    )
    organisation = forms.ChoiceField(
        label=_("Responsible organisation"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Unknown organisation «%(value)s»: the filter is not used."
            )
        },
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(
        self,
        data,
        *,
        groups: list[AddresseeGroup],
        organisations: list[Organisation],
    ) -> None:
        super().__init__(data)
        self.fields["status"].choices = [("", _("Any status")), *Status.choices]
        self.fields["group"].choices = [
            ("", _("All groups")),
            *((group.slug, group.name) for group in groups),
        ]
        self.fields["organisation"].choices = [
            ("", _("All organisations")),
            # Sorted by the names shown, not by the full names behind them.
            *((org.slug, org.display_name) for org in by_shown_name(organisations)),
        ]

    @property
    def active(self) -> dict:
        """The filters that are valid and set: the ones that were applied."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


NUMBER = re.compile(r"\d+(\.\d+)*")
STEMMER = snowballstemmer.stemmer("russian")


def search(queryset: RecommendationQuerySet, words: str) -> RecommendationQuerySet:
    """Recommendations whose text matches the words, or whose number they are.

    «4.3» finds recommendation 4.3. PostgreSQL's Russian full-text search finds
    other forms of a word («кадры» finds «кадров»); on SQLite each word is cut
    to its stem by the same Snowball algorithm PostgreSQL's Russian dictionary
    uses, and the stem must occur in the text, so both databases agree.
    SQLite folds only ASCII case, hence the spelled-out capitalisations.
    """
    if all(NUMBER.fullmatch(word) for word in words.split()):
        return queryset.filter(number__in=words.split())
    if connection.vendor == "postgresql":
        return queryset.annotate(
            search_vector=SearchVector("text", config="russian")
        ).filter(
            search_vector=SearchQuery(words, config="russian", search_type="websearch")
        )
    for word in words.split():
        stem = STEMMER.stemWord(word.lower())
        match = Q()
        for variant in {stem, stem.capitalize(), stem.upper()}:
            match |= Q(text__contains=variant)
        queryset = queryset.filter(match)
    return queryset


def filter_recommendations(
    queryset: RecommendationQuerySet, active: dict
) -> RecommendationQuerySet:
    if status := active.get("status"):
        queryset = queryset.filter(status=status)
    if group := active.get("group"):
        queryset = queryset.filter(group__slug=group)
    if organisation := active.get("organisation"):
        # An organisation is assigned at most once: no duplicate rows.
        queryset = queryset.filter(assignments__organisation__slug=organisation)
    if active.get("overdue"):
        queryset = queryset.overdue()
    if words := active.get("q", "").strip():
        queryset = search(queryset, words)
    return queryset
