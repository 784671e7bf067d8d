"""Admin UI shared by every app of the portal."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .plain_text import validate_plain_text


class PlainTitlesMixin:
    """Page titles that read well in Russian.

    The admin's «Change %s» / «Select %s to change» put a noun in the
    nominative where Russian needs another case; a list is titled by its
    name and an object by itself instead.
    """

    def object_title(self, obj) -> str:
        return str(obj)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The «History» link only for those whom the history page will admit.
        may_read = getattr(self, "has_view_history_or_change_history_permission", None)
        if obj is not None and may_read is not None:
            context["show_history_link"] = may_read(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        title = capfirst(self.opts.verbose_name_plural)
        extra_context = {"title": title} | (extra_context or {})
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        title = _("New: %(name)s") % {"name": self.opts.verbose_name}
        extra_context = {"title": title} | (extra_context or {})
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context = {"title": self.object_title(obj)} | extra_context
        return super().change_view(request, object_id, form_url, extra_context)


class PlainTextFieldsMixin:
    """Every text field of the admin's forms refuses control characters."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field, forms.CharField):
            field.validators.append(validate_plain_text)
        return field


def view_on_site(
    request: HttpRequest, content_type_id: int, object_id: str
) -> HttpResponse:
    """The admin's «View on site» jump, for objects the visitor may view only.

    Django's own redirects to any object's public address, and so names the
    slug of a draft to whoever asks for its id."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ObjectDoesNotExist:
        raise Http404 from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        raise Http404
    try:
        found = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, ValidationError):
        found = None
    if found is None or not model_admin.has_view_permission(request, found):
        raise Http404
    return shortcut(request, content_type_id, object_id)
