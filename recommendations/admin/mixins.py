"""Behaviour shared by the admin's model pages."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _


class ScopedAdminMixin:
    """An object outside the visitor's scope is a 404, not a redirect that
    confirms it exists."""

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404(_("Not found."))
        return found

    def history_view(self, request, object_id, extra_context=None):
        # Checked before the history is read: the history of an item outside
        # the scope must not be reachable through the deleted-object fallback.
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)
