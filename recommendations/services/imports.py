"""Confirming a spreadsheet import: one confirm imports a file, never two."""

from django.db import IntegrityError, transaction

from ..models import ImportClaim


def import_claim(*, file_name: str, user) -> bool:
    """Claim the stored file for this confirm; False when another has it.

    Called inside the transaction of the import: a second confirm at the same
    moment waits on the unique name until the first commits, and is refused;
    if the first fails and rolls back, the claim goes with it."""
    try:
        with transaction.atomic():
            ImportClaim.objects.create(file_name=file_name, user=user)
    except IntegrityError:
        return False
    return True
