"""The coordinator's review queue: what a report says at a glance, oldest first."""

from django.contrib import admin
from django.db.models import Case, F, When
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ReviewState, StatusUpdate
from .display import full_on_hover

# Awaiting review: the longest waiting first; the rest newest first.
QUEUE_ORDER = [
    "review_order",
    Case(When(state=ReviewState.SUBMITTED, then=F("created_at"))).asc(nulls_last=True),
    "-created_at",
    "-id",
]


class QueueColumnsMixin:
    """Columns of the reports' list that a reviewer decides by."""

    @admin.display(description=gettext_lazy("recommendation"))
    def recommendation_text(self, obj: StatusUpdate) -> str:
        return full_on_hover(obj.recommendation.text)

    @admin.display(description=gettext_lazy("comment and evidence"))
    def comment_column(self, obj: StatusUpdate) -> str:
        signs = []
        if obj.evidence_file:
            signs.append(("pr-sign-file", _("file attached")))
        if obj.evidence_url:
            signs.append(("pr-sign-link", _("link given")))
        return format_html(
            "{}{}",
            full_on_hover(obj.comment, 120) if obj.comment else "—",
            format_html_join("", '<span class="pr-sign {}">{}</span>', signs),
        )
