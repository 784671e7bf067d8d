"""Organisations, their people and accounts, managed by coordinators.

Changes to organisations and memberships are kept in the audit trail
(django-simple-history): the «History» page of each shows who changed what.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from resolution_portal.admin_ui import PlainTextFieldsMixin, PlainTitlesMixin

from .models import AddresseeGroup, Membership, Organisation

# The two roles of the portal; a coordinator gives no other rights.
ROLES = ["Officials", "Coordinators"]


@admin.register(AddresseeGroup)
class AddresseeGroupAdmin(PlainTextFieldsMixin, PlainTitlesMixin, admin.ModelAdmin):
    list_display = ["name", "order", "organisation_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(organisation_total=Count("organisations"))
        )

    @admin.display(description=_("organisations"))
    def organisation_count(self, obj: AddresseeGroup) -> int:
        return obj.organisation_total


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("member")
    verbose_name_plural = _("members (officials who report for it)")


@admin.register(Organisation)
class OrganisationAdmin(PlainTextFieldsMixin, PlainTitlesMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "short_name",
        "group",
        "email",
        "member_count",
        "is_active",
    ]
    list_filter = ["is_active", "group"]
    list_select_related = ["group"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_total=Count("memberships", distinct=True))
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Organisation) -> int:
        return obj.member_total


@admin.register(Membership)
class MembershipAdmin(PlainTitlesMixin, SimpleHistoryAdmin):
    list_display = ["user", "user_full_name", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = [
        "user__username",
        "user__last_name",
        "organisation__name",
        "organisation__short_name",
    ]
    autocomplete_fields = ["user", "organisation"]

    @admin.display(description=_("full name"), ordering="user__last_name")
    def user_full_name(self, obj: Membership) -> str:
        return obj.user.get_full_name()


class AccountMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name = _("organisation")
    verbose_name_plural = _("organisations the official reports for")


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(PlainTitlesMixin, UserAdmin):
    """Coordinators manage accounts, but grant only the portal's two roles."""

    inlines = [AccountMembershipInline]
    list_display = [
        "username",
        "last_name",
        "first_name",
        "email",
        "roles",
        "is_active",
    ]
    list_filter = ["groups", "is_active", "is_staff"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(group.name for group in obj.groups.all()) or "—"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (None, {"fields": ["username", "password"]}),
            (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
            (_("Role"), {"fields": ["is_active", "is_staff", "groups"]}),
            (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Nobody but a superuser changes a superuser's account.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
