"""The admin where officials report and coordinators review.

Every list, form, filter, search, autocomplete and URL goes through
`get_queryset`, scoped by the QuerySets' `for_user`: an official sees the
recommendations of their organisations and the updates those organisations
made, and another organisation's item opened by URL is a 404.
"""

from . import site  # noqa: F401  (the site's titles)
from .deadline import DeadlineChangeAdmin
from .recommendation import RecommendationAdmin
from .resolution import ResolutionAdmin
from .status_update import StatusUpdateAdmin

__all__ = [
    "DeadlineChangeAdmin",
    "RecommendationAdmin",
    "ResolutionAdmin",
    "StatusUpdateAdmin",
]
