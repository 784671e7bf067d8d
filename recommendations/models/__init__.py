"""The domain: resolutions, their recommendations, and the reports on them.

One module a concern; everything is importable from `recommendations.models`.
"""

from .deadline import DeadlineChange, DeadlineChangeKind, DeadlineChangeState
from .queries import (
    overdue_q,
    progress_aggregates,
    stale_before,
    stale_q,
)
from .recommendation import Assignment, Recommendation, RecommendationQuerySet
from .resolution import Resolution, ResolutionQuerySet
from .status import (
    CLOSED_STATUSES,
    STATUS_RULES,
    ReviewState,
    Status,
    StatusRule,
    progress_help_text,
)
from .status_update import (
    FEED_ORDER,
    StatusUpdate,
    StatusUpdateQuerySet,
    evidence_upload_to,
)

__all__ = [
    "CLOSED_STATUSES",
    "FEED_ORDER",
    "STATUS_RULES",
    "Assignment",
    "DeadlineChange",
    "DeadlineChangeKind",
    "DeadlineChangeState",
    "Recommendation",
    "RecommendationQuerySet",
    "Resolution",
    "ResolutionQuerySet",
    "ReviewState",
    "Status",
    "StatusRule",
    "StatusUpdate",
    "StatusUpdateQuerySet",
    "evidence_upload_to",
    "overdue_q",
    "progress_aggregates",
    "progress_help_text",
    "stale_before",
    "stale_q",
]
