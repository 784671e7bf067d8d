"""Evidence files, served only to those who may see them.

A published update's file is public, like the update itself; an unpublished
one only to the staff who may see the update in the admin. Anyone else gets
a 404, which does not say whether the update exists.
"""

import mimetypes
import os

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..models import ReviewState
from ..selectors import visible_status_updates

# Shown in the browser; everything else is downloaded.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    update = get_object_or_404(visible_status_updates(request.user), pk=pk)
    if not update.evidence_file:
        raise Http404("No evidence file")
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Evidence file is missing from storage") from missing
    extension = os.path.splitext(update.evidence_file.name)[1].lower()
    content_type = mimetypes.types_map.get(extension, "application/octet-stream")
    filename = f"evidence-{update.recommendation_id}-{update.pk}{extension}"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # An unpublished file must not linger in shared caches.
    if update.state != ReviewState.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response
