"""Writes that span several rows or models, each in one transaction.

Named `<noun>_<verb>`, keyword-only; a refusal is a `ValidationError` with a
Russian message for the person who asked.
"""

from .deadlines import deadline_change, deadline_decide, deadline_request
from .recommendations import (
    StaleVersionError,
    recommendation_check_version,
    recommendation_refresh_state,
)
from .status_updates import (
    REPORT_FIELDS,
    status_update_publish,
    status_update_return,
    status_update_revise,
    status_update_submit,
    validate_report,
)
from .withdrawal import recommendation_withdraw

__all__ = [
    "REPORT_FIELDS",
    "StaleVersionError",
    "deadline_change",
    "deadline_decide",
    "deadline_request",
    "recommendation_check_version",
    "recommendation_refresh_state",
    "recommendation_withdraw",
    "status_update_publish",
    "status_update_return",
    "status_update_revise",
    "status_update_submit",
    "validate_report",
]
