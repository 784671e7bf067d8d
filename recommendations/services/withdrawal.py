"""Excluding a recommendation from monitoring: a coordinators' decision.

The decision is published as a report with the status «cancelled» (so the
current state, the history and the figures read it as every other status),
and its reason and basis are kept on the recommendation for the public page.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Assignment, Recommendation, Status, StatusUpdate
from ..permissions import can_review
from .recommendations import lock_recommendation
from .status_updates import status_update_submit


@transaction.atomic
def recommendation_withdraw(
    *, recommendation: Recommendation, user, reason: str, basis: str = ""
) -> StatusUpdate:
    """Exclude the item from monitoring with a public reason; return the report."""
    if not can_review(user):
        raise ValidationError(
            _("Only a coordinator can exclude a recommendation from monitoring.")
        )
    recommendation = lock_recommendation(recommendation)
    reason, basis = (reason or "").strip(), (basis or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the recommendation is excluded: it is required.")}
        )
    if recommendation.status == Status.CANCELLED:
        raise ValidationError(
            _("Recommendation %(number)s is already excluded from monitoring.")
            % {"number": recommendation.number}
        )
    assignment = (
        Assignment.objects.filter(recommendation=recommendation)
        .select_related("organisation")
        .order_by("-is_lead", "organisation__name")
        .first()
    )
    if assignment is None:
        raise ValidationError(
            _(
                "Recommendation %(number)s has no responsible organisation to "
                "record the decision for: assign one first."
            )
            % {"number": recommendation.number}
        )
    update = status_update_submit(
        recommendation=recommendation,
        organisation=assignment.organisation,
        author=user,
        status=Status.CANCELLED,
        progress=recommendation.progress,
        reported_on=timezone.localdate(),
        comment=f"{reason} ({basis})" if basis else reason,
        publish=True,
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(
        withdrawal_reason=reason, withdrawal_basis=basis
    )
    return update
