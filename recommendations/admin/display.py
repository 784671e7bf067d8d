"""How the admin shows a status, a review state, progress and a date."""

from django.utils.html import format_html

from ..models.recommendation import cut_at_word


def status_badge(value: str, label: str) -> str:
    return format_html('<span class="pr-badge pr-status-{}">{}</span>', value, label)


def state_badge(value: str, label: str) -> str:
    return format_html('<span class="pr-badge pr-state-{}">{}</span>', value, label)


def progress_bar(progress: int) -> str:
    return format_html(
        '<span class="pr-progress" title="{0}%"><span style="width:{0}%"></span>'
        "</span> {0}%",
        progress,
    )


def short_date(day) -> str:
    return f"{day:%d.%m.%Y}" if day else "—"


def full_on_hover(text: str, limit: int = 80) -> str:
    """Text cut at a word, the whole of it in the title shown on hover."""
    return format_html('<span title="{}">{}</span>', text, cut_at_word(text, limit))
