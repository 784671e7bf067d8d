"""What a report must be: the rules `validate_report` holds, whatever the entry
point (admin form, spreadsheet import), driven by `STATUS_RULES`."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from stakeholders.models import Organisation

from ..models import (
    STATUS_RULES,
    Recommendation,
    Status,
)
from ..permissions import can_review
from ..selectors import ReportingScope, reporting_organisations
from ..validators import validate_evidence_file, validate_plain_text

DOCUMENT_WORDS = re.compile(
    r"приказ|постановлени|распоряжени|протокол|соглашени|договор|решени|"
    r"письм|акт\b|отч[её]т|программ|положени|план\b|№|\bN\s?\d|"
    r"order|decree|resolution|protocol|agreement|report|act\b",
    re.IGNORECASE,
)

REPORT_FIELDS = (
    "status",
    "progress",
    "comment",
    "evidence_url",
    "evidence_file",
    "reported_on",
)


Refusals = dict[str, list[str]]


def validate_report(
    *,
    recommendation: Recommendation,
    organisation: Organisation,
    author,
    status: str,
    progress: int,
    comment: str = "",
    evidence_url: str = "",
    evidence_file: File | str | None = None,
    reported_on: datetime.date,
    scope: ReportingScope | None = None,
) -> None:
    """Check a report against the workflow's rules; raise with every problem found.

    `scope`, read once for a file of reports, answers who may report on what
    without a query."""
    errors: Refusals = {}
    _check_organisation(errors, recommendation, organisation, author, scope)
    for field, text in (("comment", comment), ("evidence_url", evidence_url)):
        try:
            validate_plain_text(text)
        except ValidationError as refusal:
            errors.setdefault(field, []).extend(refusal.messages)
    _check_status(errors, recommendation, status, progress)
    _check_who_sets(errors, status, author)
    if status == Status.DONE and not (
        evidence_url or evidence_file or DOCUMENT_WORDS.search(comment or "")
    ):
        _refuse(
            errors,
            "evidence_url",
            _(
                "A recommendation marked «Done» needs evidence: a link, a file, or "
                "a comment naming the document (for example «order No. 123 of "
                "01.09.2019»)."
            ),
        )
    _check_date(errors, recommendation, reported_on)
    if isinstance(evidence_file, UploadedFile):
        # A new upload; a file already stored was checked when it came in.
        try:
            validate_evidence_file(evidence_file)
        except ValidationError as refusal:
            errors.setdefault("evidence_file", []).extend(refusal.messages)
    if errors:
        raise ValidationError(errors)


def _refuse(errors: Refusals, field: str, message: str) -> None:
    errors.setdefault(field, []).append(str(message))


def _check_organisation(
    errors: Refusals,
    recommendation: Recommendation,
    organisation: Organisation,
    author,
    scope: ReportingScope | None = None,
) -> None:
    if scope is not None:
        if organisation.pk in scope.allowed(recommendation):
            return
        assigned = organisation.pk in scope.assigned(recommendation)
    else:
        allowed = reporting_organisations(user=author, recommendation=recommendation)
        if allowed.filter(pk=organisation.pk):
            return
        assigned = organisation.assignments.filter(
            recommendation=recommendation
        ).exists()
    if assigned:
        message = _(
            "You are not a member of «%(organisation)s» and cannot report for it."
        ) % {"organisation": organisation}
    else:
        message = _(
            "«%(organisation)s» is not responsible for recommendation "
            "%(number)s: only its responsible organisations report on it."
        ) % {"organisation": organisation, "number": recommendation.number}
    _refuse(errors, "organisation", message)


def _check_status(
    errors: Refusals, recommendation: Recommendation, status: str, progress: int
) -> None:
    """The status's own rule from `STATUS_RULES`, and progress as a percentage."""
    rule = STATUS_RULES.get(status)
    if rule is None:
        _refuse(
            errors, "status", _("Unknown status «%(status)s».") % {"status": status}
        )
    if not isinstance(progress, int) or isinstance(progress, bool):
        _refuse(errors, "progress", _("Progress must be a whole number from 0 to 100."))
    elif not 0 <= progress <= 100:
        _refuse(
            errors,
            "progress",
            _("Progress must be from 0 to 100 per cent, not %(progress)s.")
            % {"progress": progress},
        )
    elif rule is not None and not rule.allows(progress):
        _refuse(errors, "progress", rule.progress_refusal)
    if (
        rule is not None
        and rule.standing_duty_only
        and not recommendation.is_continuous
    ):
        _refuse(
            errors,
            "status",
            _(
                "«Ongoing» is for standing duties only; recommendation %(number)s "
                "has an end result: choose «In progress» or «Done»."
            )
            % {"number": recommendation.number},
        )


def _check_who_sets(errors: Refusals, status: str, author) -> None:
    """A status the coordinators set by decision is not an official's report."""
    rule = STATUS_RULES.get(status)
    if rule is not None and rule.coordinators_only and not can_review(author):
        _refuse(
            errors,
            "status",
            _(
                "«%(status)s» is a decision of the coordinators, who state its "
                "reason; an official cannot report it. Ask the coordinator."
            )
            % {"status": Status(status).label},
        )


def _check_date(
    errors: Refusals, recommendation: Recommendation, reported_on: datetime.date
) -> None:
    adopted_on = recommendation.resolution.adopted_on
    if reported_on > timezone.localdate():
        _refuse(
            errors,
            "reported_on",
            _("The report date %(date)s is in the future.")
            % {"date": f"{reported_on:%d.%m.%Y}"},
        )
    elif reported_on < adopted_on:
        _refuse(
            errors,
            "reported_on",
            _(
                "The report date %(date)s is before the resolution was adopted "
                "(%(adopted)s)."
            )
            % {"date": f"{reported_on:%d.%m.%Y}", "adopted": f"{adopted_on:%d.%m.%Y}"},
        )
