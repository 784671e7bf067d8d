"""Who reviews: the one definition of the reviewer's right.

Coordinators hold the permission through their group; a superuser holds every
permission. Officials report and never review.
"""

from django.db.models import Q

REVIEW_PERMISSION_CODENAME = "publish_statusupdate"
REVIEW_PERMISSION = f"recommendations.{REVIEW_PERMISSION_CODENAME}"


def can_review(user) -> bool:
    """Coordinators review and publish; officials only report."""
    return bool(user and user.has_perm(REVIEW_PERMISSION))


def reviewers_q() -> Q:
    """Users holding the review right, as a filter on the user model."""
    return (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename=REVIEW_PERMISSION_CODENAME,
            groups__permissions__content_type__app_label="recommendations",
        )
        | Q(
            user_permissions__codename=REVIEW_PERMISSION_CODENAME,
            user_permissions__content_type__app_label="recommendations",
        )
    )


DECIDE_DEADLINE_CODENAME = "decide_deadline"
DECIDE_DEADLINE_PERMISSION = f"recommendations.{DECIDE_DEADLINE_CODENAME}"


def can_decide_deadlines(user) -> bool:
    """Coordinators move deadlines and withdraw items; officials only ask."""
    return bool(user and user.has_perm(DECIDE_DEADLINE_PERMISSION))
