"""Moving a deadline: the lead executor asks, a coordinator decides.

The rules of «контроль исполнения»: only the lead organisation's officials
ask, with a justification and a date after the current deadline; one request
waits at a time; a coordinator approves (possibly with another date) or
refuses with a note, or changes the deadline directly with a reason. Each
change is kept; a decided one is never edited.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications, page_scopes
from ..models import (
    Assignment,
    DeadlineChange,
    DeadlineChangeKind,
    DeadlineChangeState,
    Recommendation,
)
from ..permissions import can_decide_deadlines
from .recommendations import lock_recommendation


def is_lead_official(*, user, recommendation: Recommendation) -> bool:
    """Whether `user` belongs to the recommendation's lead organisation."""
    return Assignment.objects.filter(
        recommendation=recommendation,
        is_lead=True,
        organisation__memberships__user=user.pk,
    ).exists()


def _date(value: datetime.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "—"


def _require_justification(justification: str) -> str:
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError(
            {"justification": _("Say why the deadline should move: it is required.")}
        )
    return justification


def _refuse_if_pending(recommendation: Recommendation) -> None:
    if DeadlineChange.objects.pending().filter(recommendation=recommendation).exists():
        raise ValidationError(
            _(
                "A request to move the deadline of recommendation %(number)s "
                "already awaits a decision."
            )
            % {"number": recommendation.number}
        )


def _check_proposed_date(
    recommendation: Recommendation, proposed_due_on: datetime.date | None
) -> None:
    """A request moves an existing deadline to a later date."""
    if recommendation.due_on is None:
        raise ValidationError(
            _("Recommendation %(number)s has no deadline to move.")
            % {"number": recommendation.number}
        )
    if proposed_due_on is None or proposed_due_on <= recommendation.due_on:
        raise ValidationError(
            {
                "proposed_due_on": _(
                    "The proposed deadline must be after the current one, %(date)s."
                )
                % {"date": _date(recommendation.due_on)}
            }
        )


@transaction.atomic
def deadline_request(
    *,
    recommendation: Recommendation,
    user,
    proposed_due_on: datetime.date | None,
    justification: str,
    basis: str = "",
) -> DeadlineChange:
    """The lead executor's request to move the deadline, for a coordinator."""
    recommendation = lock_recommendation(recommendation)
    if not is_lead_official(user=user, recommendation=recommendation):
        raise ValidationError(
            _(
                "Only an official of the lead organisation may ask to move the "
                "deadline of recommendation %(number)s."
            )
            % {"number": recommendation.number}
        )
    justification = _require_justification(justification)
    _check_proposed_date(recommendation, proposed_due_on)
    _refuse_if_pending(recommendation)
    try:
        with transaction.atomic():
            change = DeadlineChange.objects.create(
                recommendation=recommendation,
                kind=DeadlineChangeKind.REQUEST,
                previous_due_on=recommendation.due_on,
                proposed_due_on=proposed_due_on,
                justification=justification,
                basis=(basis or "").strip(),
                requested_by=user,
            )
    except IntegrityError:  # a simultaneous request won the race
        _refuse_if_pending(recommendation)
        raise
    notifications.notify_deadline_requested(change)
    return change


def _set_deadline(recommendation: Recommendation, due_on: datetime.date) -> None:
    fields = {"due_on": due_on}
    if recommendation.original_due_on is None:
        # The first deadline on record, if it was set before changes were kept.
        fields["original_due_on"] = recommendation.due_on or due_on
    Recommendation.objects.filter(pk=recommendation.pk).update(**fields)
    page_scopes.bump_recommendation(recommendation.pk)


@transaction.atomic
def deadline_decide(
    *,
    change: DeadlineChange,
    user,
    approve: bool,
    due_on: datetime.date | None = None,
    note: str = "",
) -> DeadlineChange:
    """A coordinator's decision on a request; an approval moves the deadline."""
    if not can_decide_deadlines(user):
        raise ValidationError(_("Only a coordinator can decide on a deadline change."))
    recommendation = lock_recommendation(change.recommendation)
    change = DeadlineChange.objects.select_for_update().get(pk=change.pk)
    if change.state != DeadlineChangeState.PENDING:
        raise ValidationError(
            _("This request has already been decided: «%(state)s».")
            % {"state": change.get_state_display()}
        )
    note = (note or "").strip()
    if approve:
        due_on = due_on or change.proposed_due_on
        if due_on is None or (
            recommendation.due_on is not None and due_on == recommendation.due_on
        ):
            raise ValidationError(
                {"due_on": _("Give a new deadline different from the current one.")}
            )
        _set_deadline(recommendation, due_on)
        change.state = DeadlineChangeState.APPROVED
        change.new_due_on = due_on
    else:
        if not note:
            raise ValidationError(
                {"decision_note": _("Say why the request is refused: it is required.")}
            )
        change.state = DeadlineChangeState.REFUSED
    change.previous_due_on = recommendation.due_on
    change.decided_by = user
    change.decided_at = timezone.now()
    change.decision_note = note
    change.save()
    change.recommendation = recommendation
    notifications.notify_deadline_decided(change)
    return change


@transaction.atomic
def deadline_change(
    *,
    recommendation: Recommendation,
    user,
    due_on: datetime.date | None,
    justification: str,
    basis: str = "",
) -> DeadlineChange:
    """A coordinator moves the deadline on their own decision, recorded as approved."""
    if not can_decide_deadlines(user):
        raise ValidationError(_("Only a coordinator can change a deadline."))
    recommendation = lock_recommendation(recommendation)
    justification = _require_justification(justification)
    if due_on is None or due_on == recommendation.due_on:
        raise ValidationError(
            {"due_on": _("Give a new deadline different from the current one.")}
        )
    _refuse_if_pending(recommendation)
    now = timezone.now()
    change = DeadlineChange.objects.create(
        recommendation=recommendation,
        kind=DeadlineChangeKind.DIRECT,
        state=DeadlineChangeState.APPROVED,
        previous_due_on=recommendation.due_on,
        new_due_on=due_on,
        justification=justification,
        basis=(basis or "").strip(),
        requested_at=now,
        decided_by=user,
        decided_at=now,
    )
    _set_deadline(recommendation, due_on)
    return change
