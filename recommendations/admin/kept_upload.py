"""An evidence file that survives a form error.

A browser never sends a chosen file again: when the report form comes back
with an error, the file already uploaded is put aside in the media storage
(shared by every app server) and the form carries a signed note of it, so
that the next send attaches it without the official choosing it again.
"""

import os
import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

KEPT_DIR = "evidence-kept"
SALT = "recommendations.kept-evidence"
MAX_AGE = 24 * 60 * 60  # seconds


def keep_upload(upload, *, user) -> str:
    """Store `upload` aside; return the token the form carries to find it."""
    extension = os.path.splitext(upload.name)[1].lower()
    upload.seek(0)
    path = default_storage.save(f"{KEPT_DIR}/{uuid.uuid4().hex}{extension}", upload)
    return signing.dumps(
        {"path": path, "name": upload.name, "user": user.pk}, salt=SALT
    )


def kept_name(token: str) -> str:
    """The file's own name, as the official chose it."""
    return signing.loads(token, salt=SALT)["name"]


def kept_file(token: str, *, user) -> File:
    """The file put aside for `user`; a clear refusal when it is gone."""
    try:
        kept = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        kept = None
    path = (kept or {}).get("path", "")
    if (
        kept is None
        or kept.get("user") != user.pk
        or not path.startswith(f"{KEPT_DIR}/")
        or not default_storage.exists(path)
    ):
        raise ValidationError(
            _("The file attached earlier is no longer kept: attach it again.")
        )
    return File(default_storage.open(path), name=kept["name"])
