"""Writes to a recommendation itself: its stored current state and its edits."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Recommendation, Status, StatusUpdate


def recommendation_refresh_state(*, recommendation: Recommendation) -> Recommendation:
    """Set the stored current state to the latest published update's.

    Latest means the latest `reported_on`, then the latest created, so an update
    about an earlier date published late does not hide a newer fact.
    """
    latest = (
        StatusUpdate.objects.published()
        .filter(recommendation=recommendation)
        .timeline()
        .first()
    )
    if latest is None:
        recommendation.status = Status.NOT_STARTED
        recommendation.progress = 0
        recommendation.status_reported_on = None
    else:
        recommendation.status = latest.status
        recommendation.progress = latest.progress
        recommendation.status_reported_on = latest.reported_on
    Recommendation.objects.filter(pk=recommendation.pk).update(
        status=recommendation.status,
        progress=recommendation.progress,
        status_reported_on=recommendation.status_reported_on,
    )
    return recommendation


class StaleVersionError(ValidationError):
    """An edit based on an older version; `current` is the version saved since."""

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message, code="stale")
        self.current = current


def recommendation_check_version(*, recommendation: Recommendation, seen: int) -> int:
    """Refuse an edit based on an older version; return the version to save.

    Optimistic locking: the editor's form carries the version it was drawn
    from. The row stays locked (on PostgreSQL) until the edit commits, so of
    two simultaneous saves the second sees the first one's version.
    """
    current = (
        Recommendation.objects.select_for_update()
        .filter(pk=recommendation.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current is None:
        raise ValidationError(_("This recommendation has been deleted."))
    if current != seen:
        last = recommendation.history.select_related("history_user").first()
        who = ""
        if last is not None and last.history_user is not None:
            who = last.history_user.get_full_name() or last.history_user.username
        raise StaleVersionError(
            _(
                "While you were editing, %(who)s saved this recommendation "
                "(%(when)s). Your changes have not been saved; they are still in "
                "the form. Compare them with the current version (open it in a "
                "new tab) and press «Save» again to keep yours."
            )
            % {
                "who": who or _("someone else"),
                "when": (
                    f"{timezone.localtime(last.history_date):%d.%m.%Y %H:%M}"
                    if last is not None
                    else "—"
                ),
            },
            current=current,
        )
    return current + 1


def lock_recommendation(recommendation: Recommendation) -> Recommendation:
    """Serialise publications of one recommendation (a row lock on PostgreSQL)."""
    return (
        Recommendation.objects.select_for_update()
        .select_related("resolution")
        .get(pk=recommendation.pk)
    )
