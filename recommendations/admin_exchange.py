"""Spreadsheet import and export in the admin (django-import-export).

The admin classes in `admin.py` inherit these mixins, so that exchanging
spreadsheets stays in one place, scoped to each official's organisations.
"""


class RecommendationExchangeMixin:
    """Export of recommendations with their current state."""


class StatusUpdateExchangeMixin:
    """Import and export of status updates."""
