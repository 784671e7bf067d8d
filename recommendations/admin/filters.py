"""The admin lists' filters, each limited to what the visitor may see."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stakeholders.models import AddresseeGroup, Organisation, by_shown_name

from ..models import Resolution
from ..permissions import can_review


class ResponsibleOrganisationFilter(admin.SimpleListFilter):
    """Organisations to filter by: an official's own, or all for a coordinator."""

    title = gettext_lazy("organisation")
    parameter_name = "organisation"
    lookup = "assignments__organisation"

    def lookups(self, request, model_admin):
        organisations = Organisation.objects.all()
        if not can_review(request.user):
            organisations = organisations.of_user(request.user)
        return [(str(o.pk), o.display_name) for o in by_shown_name(organisations)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        return queryset.filter(**{self.lookup: value}).distinct()


class ReportingOrganisationFilter(ResponsibleOrganisationFilter):
    lookup = "organisation"


class AttentionFilter(admin.SimpleListFilter):
    """What needs a report: overdue items and items with no fresh report."""

    title = gettext_lazy("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("stale", _("No report in the reporting period")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "stale":
            return queryset.stale()
        return queryset


class RecommendationFieldFilter(admin.SimpleListFilter):
    """Reports by a field of the recommendation they are about.

    Subclasses name the field (`parameter_name`) and the choices (`options`).
    """

    def options(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return self.options()

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(**{f"recommendation__{self.parameter_name}": value})
        return queryset


class ResolutionOfUpdateFilter(RecommendationFieldFilter):
    title = gettext_lazy("resolution")
    parameter_name = "resolution"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        resolutions = Resolution.objects.for_user(request.user)
        return [(str(r.pk), r.title) for r in resolutions]


class ResolutionFilter(admin.SimpleListFilter):
    """Recommendations by resolution; a draft resolution for reviewers only."""

    title = gettext_lazy("resolution")
    parameter_name = "resolution__id__exact"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        resolutions = Resolution.objects.for_user(request.user)
        return [(str(r.pk), r.title) for r in resolutions]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(resolution=value)
        return queryset


class GroupOfUpdateFilter(RecommendationFieldFilter):
    title = gettext_lazy("addressee group")
    parameter_name = "group"

    def options(self) -> list[tuple[str, str]]:
        return [(str(g.pk), g.name) for g in AddresseeGroup.objects.all()]
