"""The admin's raw exports: recommendations and status updates, each limited to
what its user may see in the admin."""

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources

from ..models import (
    Assignment,
    Recommendation,
    ReviewState,
    StatusUpdate,
)
from ..permissions import can_review
from .columns import (
    COLUMN_COMMENT,
    COLUMN_EVIDENCE_URL,
    COLUMN_NUMBER,
    COLUMN_ORGANISATION,
    COLUMN_PROGRESS,
    COLUMN_RECOMMENDATION,
    COLUMN_REPORTED_ON,
    COLUMN_STATUS,
    COLUMN_TEXT,
)
from .widgets import OrganisationSlugWidget, ReportDateWidget, StatusWidget


class ScopedExportResource(resources.ModelResource):
    """An export limited to what its user may see in the admin."""

    def __init__(self, user: Any = None, **kwargs: Any) -> None:
        super().__init__()
        self.user = user

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        if self.user is None:
            return queryset.none()
        if can_review(self.user):
            return queryset
        allowed = self._meta.model.objects.for_user(self.user).values("pk")
        return queryset.filter(pk__in=allowed)


class RecommendationResource(ScopedExportResource):
    id = fields.Field(attribute="id", column_name="ID")
    resolution = fields.Field(attribute="resolution__title", column_name="Резолюция")
    adopted_on = fields.Field(
        attribute="resolution__adopted_on",
        column_name="Дата резолюции",
        widget=ReportDateWidget(),
    )
    group = fields.Field(attribute="group__name", column_name="Группа адресатов")
    number = fields.Field(attribute="number", column_name=COLUMN_NUMBER)
    text = fields.Field(attribute="text", column_name=COLUMN_TEXT)
    organisations = fields.Field(column_name="Ответственные организации")
    due_on = fields.Field(
        attribute="due_on", column_name="Срок", widget=ReportDateWidget()
    )
    is_continuous = fields.Field(column_name="Постоянное поручение")
    status = fields.Field(
        attribute="status", column_name=COLUMN_STATUS, widget=StatusWidget()
    )
    progress = fields.Field(attribute="progress", column_name=COLUMN_PROGRESS)
    status_reported_on = fields.Field(
        attribute="status_reported_on",
        column_name="Дата последнего отчёта",
        widget=ReportDateWidget(),
    )
    is_overdue = fields.Field(column_name="Просрочено")
    is_stale = fields.Field(column_name="Нет свежих отчётов")

    class Meta:
        model = Recommendation
        fields = (
            "id",
            "resolution",
            "adopted_on",
            "group",
            "number",
            "text",
            "organisations",
            "due_on",
            "is_continuous",
            "status",
            "progress",
            "status_reported_on",
            "is_overdue",
            "is_stale",
        )

    @classmethod
    def get_display_name(cls) -> str:
        return _("Recommendations with their current state")

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return (
            super()
            .filter_export(queryset, **kwargs)
            .with_current_state()
            .select_related("resolution", "group")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("organisation"),
                )
            )
        )

    def dehydrate_organisations(self, recommendation: Recommendation) -> str:
        # Lead first: the order of Assignment.Meta.
        return "; ".join(
            str(assignment.organisation)
            for assignment in recommendation.assignments.all()
        )

    def dehydrate_is_continuous(self, recommendation: Recommendation) -> str:
        return _("yes") if recommendation.is_continuous else ""

    def dehydrate_is_overdue(self, recommendation: Recommendation) -> str:
        return _("yes") if getattr(recommendation, "is_overdue", False) else ""

    def dehydrate_is_stale(self, recommendation: Recommendation) -> str:
        return _("yes") if getattr(recommendation, "is_stale", False) else ""


class StatusUpdateResource(ScopedExportResource):
    id = fields.Field(attribute="id", column_name="ID")
    recommendation = fields.Field(
        attribute="recommendation_id", column_name=COLUMN_RECOMMENDATION
    )
    number = fields.Field(attribute="recommendation__number", column_name=COLUMN_NUMBER)
    resolution = fields.Field(
        attribute="recommendation__resolution__title", column_name="Резолюция"
    )
    organisation = fields.Field(
        attribute="organisation",
        column_name=COLUMN_ORGANISATION,
        widget=OrganisationSlugWidget(),
    )
    organisation_name = fields.Field(
        attribute="organisation__name", column_name="Организация"
    )
    status = fields.Field(
        attribute="status", column_name=COLUMN_STATUS, widget=StatusWidget()
    )
    progress = fields.Field(attribute="progress", column_name=COLUMN_PROGRESS)
    comment = fields.Field(attribute="comment", column_name=COLUMN_COMMENT)
    evidence_url = fields.Field(
        attribute="evidence_url", column_name=COLUMN_EVIDENCE_URL
    )
    reported_on = fields.Field(
        attribute="reported_on",
        column_name=COLUMN_REPORTED_ON,
        widget=ReportDateWidget(),
    )
    state = fields.Field(column_name="Состояние проверки")
    author = fields.Field(attribute="author__username", column_name="Автор")
    created_at = fields.Field(column_name="Создано")

    class Meta:
        model = StatusUpdate
        fields = (
            "id",
            "recommendation",
            "number",
            "resolution",
            "organisation",
            "organisation_name",
            "status",
            "progress",
            "comment",
            "evidence_url",
            "reported_on",
            "state",
            "author",
            "created_at",
        )

    @classmethod
    def get_display_name(cls) -> str:
        return _("Status updates")

    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        return (
            super()
            .filter_export(queryset, **kwargs)
            .select_related("recommendation__resolution", "organisation", "author")
        )

    def dehydrate_state(self, update: StatusUpdate) -> str:
        return str(ReviewState(update.state).label)

    def dehydrate_created_at(self, update: StatusUpdate) -> datetime.date:
        return timezone.localtime(update.created_at).date()
