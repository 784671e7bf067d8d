"""The «Информационная справка о ходе выполнения рекомендаций» in Word.

The regional government's usual form of a progress report: the figures per
addressee group, every recommendation with its text verbatim and its state,
the list of overdue items and the coordinator's signature, on a page laid out
as ГОСТ Р 7.0.97-2016 asks (`docx_layout`). The state of a date comes from one
place, `state_as_of`.
"""

import datetime
import os
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db.models import Case, OuterRef, Prefetch, Subquery, When
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document

from stakeholders.models import Organisation

from ..models import (
    Assignment,
    Recommendation,
    RecommendationQuerySet,
    Resolution,
    Status,
    StatusUpdate,
    overdue_q,
    progress_aggregates,
)
from . import docx_layout as layout

# Started and not yet closed: what the summary calls «в работе».
AT_WORK = (Status.IN_PROGRESS, Status.ONGOING, Status.DELAYED)
SUMMARY_WIDTHS_MM = (50, 15, 26, 22, 27, 25)
OVERDUE_WIDTHS_MM = (13, 75, 42, 23, 12)


# How `state_as_of` reads the record, in words for the reader: change the two
# together.
STATE_METHOD = gettext_lazy(
    "The state on the date is that of the latest published report on facts "
    "of that date or earlier."
)


def state_as_of(
    resolution: Resolution,
    as_of: datetime.date,
    organisation: Organisation | None = None,
) -> RecommendationQuerySet:
    """The recommendations with their state on `as_of`: `as_of_status`,
    `as_of_progress`, `as_of_reported_on`, `as_of_overdue` and the report they
    come from, `as_of_update_id`.

    The one place that says which reports make up the record of a date — the
    same reading as the Excel report's (`Recommendation.as_of`).
    """
    latest = (
        StatusUpdate.objects.published()
        .filter(recommendation=OuterRef("pk"), reported_on__lte=as_of)
        .timeline()
    )
    items = Recommendation.objects.filter(resolution=resolution)
    if organisation is not None:
        items = items.filter(assignments__organisation=organisation)
    return items.as_of(as_of).annotate(
        as_of_update_id=Subquery(latest.values("pk")[:1]),
        as_of_overdue=Case(
            When(overdue_q(as_of, status="as_of_status"), then=True), default=False
        ),
    )


@dataclass(frozen=True)
class Certificate:
    """What the справка is of, and who signs it."""

    resolution: Resolution
    as_of: datetime.date
    organisation: Organisation | None
    signatory: str
    signed_on: datetime.date


def write_progress_certificate(out: IO[bytes], certificate: Certificate) -> None:
    """Write the справка to `out` as a .docx file."""
    # The regional government reads it in Russian, whatever the UI language.
    with translation.override("ru"):
        document = Document()
        layout.set_up_page(document)
        _write_title(document, certificate)
        _write_summary(document, certificate)
        items = _items(certificate)
        _write_items(document, items, _reports(certificate))
        _write_overdue(document, [item for item in items if item.as_of_overdue])
        layout.signature(
            document,
            position=_("Coordinator"),
            name=certificate.signatory,
            day=certificate.signed_on,
        )
        document.core_properties.title = _title(certificate.resolution)
        document.save(out)


def _title(resolution: Resolution) -> str:
    return _(
        "Information note on the progress of the recommendations of the "
        "resolution «%(title)s»"
    ) % {"title": resolution.title}


def _write_title(document, certificate: Certificate) -> None:
    resolution = certificate.resolution
    layout.heading(document, _title(resolution), space_before=0)
    layout.centred(document, f"{resolution.event}, {resolution.adopted_on:%d.%m.%Y}")
    as_of = _("as of %(date)s") % {"date": f"{certificate.as_of:%d.%m.%Y}"}
    layout.centred(document, as_of, space_before=6)
    if certificate.organisation is not None:
        layout.centred(
            document,
            _("for the organisation: %(name)s")
            % {"name": certificate.organisation.name},
        )


def signatory_name(user) -> str:
    """The name under a signature: initials and surname (И. Петрова)."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if first and last:
        return f"{first[0]}. {last}"
    return user.get_full_name() or user.get_username()


def _figures(row: dict) -> list[str]:
    at_work = sum(row[status.value] for status in AT_WORK)
    mean = row["mean_progress"]
    mean_text = "—" if mean is None else f"{round(mean)} %"
    return [
        str(row["total"]),
        str(row[Status.DONE.value]),
        str(at_work),
        str(row["overdue"]),
        mean_text,
    ]


def _write_summary(document, certificate: Certificate) -> None:
    items = state_as_of(
        certificate.resolution, certificate.as_of, certificate.organisation
    )
    aggregates = progress_aggregates(
        certificate.as_of, status="as_of_status", progress="as_of_progress"
    )
    by_group = (
        items.order_by()
        .values("group", "group__name", "group__order")
        .annotate(**aggregates)
        .order_by("group__order", "group__name")
    )
    total = items.aggregate(**aggregates)
    rows = [[row["group__name"], *_figures(row)] for row in by_group]
    rows.append([_("Total"), *_figures(total)])
    layout.heading(document, _("1. Summary by addressee group"))
    header = [
        _("Addressee group"),
        _("In all"),
        _("Done"),
        _("At work"),
        _("Overdue"),
        _("Mean progress"),
    ]
    layout.table(
        document,
        header,
        rows,
        widths_mm=SUMMARY_WIDTHS_MM,
        numeric_from=1,
        bold_last=True,
    )
    _write_formula(document, certificate.as_of, total[Status.CANCELLED.value])


def _write_formula(document, as_of: datetime.date, cancelled: int) -> None:
    day = f"{as_of:%d.%m.%Y}"
    notes = [
        str(STATE_METHOD),
        _(
            "«At work»: being carried out, standing duties and those behind "
            "schedule. «Overdue»: the deadline passed before %(date)s and the "
            "recommendation is neither done nor withdrawn from monitoring."
        )
        % {"date": day},
        _(
            "Mean progress is the mean progress of the recommendations; those "
            "withdrawn from monitoring are left out, those with no published "
            "report count as 0 %."
        ),
    ]
    if cancelled:
        notes.append(_("Withdrawn from monitoring: %(count)s.") % {"count": cancelled})
    for note in notes:
        layout.text(document, (note, False), size=layout.TABLE_SIZE)
    document.paragraphs[-len(notes)].paragraph_format.space_before = layout.NOTE_SPACE


def _items(certificate: Certificate) -> list[Recommendation]:
    return list(
        state_as_of(certificate.resolution, certificate.as_of, certificate.organisation)
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation"),
            )
        )
        .order_by("group__order", "order", "id")
    )


def _reports(certificate: Certificate) -> dict[int, StatusUpdate]:
    """The report each recommendation's state comes from, by its id."""
    chosen = state_as_of(
        certificate.resolution, certificate.as_of, certificate.organisation
    ).values("as_of_update_id")
    updates = StatusUpdate.objects.filter(pk__in=Subquery(chosen)).select_related(
        "organisation"
    )
    return {update.pk: update for update in updates}


def _write_items(
    document, items: list[Recommendation], reports: dict[int, StatusUpdate]
) -> None:
    layout.heading(document, _("2. Progress of each recommendation"))
    if not items:
        layout.text(document, (_("None."), False))
    group = None
    for item in items:
        if item.group_id != group:
            group = item.group_id
            layout.heading(document, item.group.name, space_before=6)
        facts = _item_facts(item, reports.get(item.as_of_update_id))
        layout.block(
            document,
            [
                [(f"{item.number}. ", True), (item.text, False)],
                *([(f"{label}: ", True), (value, False)] for label, value in facts),
            ],
        )


def _item_facts(
    item: Recommendation, report: StatusUpdate | None
) -> list[tuple[str, str]]:
    status = str(Status(item.as_of_status).label)
    state = _("%(status)s, progress %(progress)s %%") % {
        "status": status,
        "progress": item.as_of_progress,
    }
    if item.as_of_overdue:
        state += ", " + _("overdue")
    facts = [
        (_("Responsible"), _organisations(item)),
        (_("Deadline"), deadline_text(item)),
        (_("Status"), state),
        (_("Last report"), _report_text(report)),
    ]
    evidence = _evidence(report)
    if evidence:
        facts.append((_("Evidence"), evidence))
    return facts


def _organisations(item: Recommendation) -> str:
    # Assignments are ordered lead first (Assignment.Meta.ordering).
    names = []
    for assignment in item.assignments.all():
        name = assignment.organisation.name
        names.append(f"{name} ({_('lead')})" if assignment.is_lead else name)
    return "; ".join(names) or _("not assigned")


def deadline_text(item: Recommendation) -> str:
    """The deadline as the справка gives it, with the first one if it moved."""
    if item.due_on is None:
        return _("standing duty") if item.is_continuous else _("not set")
    text = f"{item.due_on:%d.%m.%Y}"
    # The first deadline is on record once deadlines can be moved.
    original = getattr(item, "original_due_on", None)
    if original and original != item.due_on:
        text += " " + _("(moved; the original deadline was %(date)s)") % {
            "date": f"{original:%d.%m.%Y}"
        }
    return text


def _report_text(report: StatusUpdate | None) -> str:
    if report is None:
        return _("none published")
    organisation = report.organisation.short_name or report.organisation.name
    heading = _("facts as of %(date)s, %(organisation)s") % {
        "date": f"{report.reported_on:%d.%m.%Y}",
        "organisation": organisation,
    }
    return f"{heading}. {report.comment}" if report.comment else heading


def _evidence(report: StatusUpdate | None) -> str:
    if report is None:
        return ""
    links = [report.evidence_url] if report.evidence_url else []
    if report.evidence_file:
        path = reverse("evidence", args=[report.pk])
        name = os.path.basename(report.evidence_file.name)
        links.append(f"{name} ({settings.PORTAL_URL.rstrip('/')}{path})")
    return "; ".join(links)


def _write_overdue(document, overdue: list[Recommendation]) -> None:
    layout.heading(document, _("3. Recommendations not done on time"))
    if not overdue:
        layout.text(document, (_("None."), False))
        return
    header = [_("No."), _("Recommendation"), _("Lead executor"), _("Deadline"), "%"]
    rows = [
        [
            item.number,
            item.text,
            _lead(item),
            f"{item.due_on:%d.%m.%Y}",
            str(item.as_of_progress),
        ]
        for item in overdue
    ]
    layout.table(document, header, rows, widths_mm=OVERDUE_WIDTHS_MM, numeric_from=3)


def _lead(item: Recommendation) -> str:
    assignments = list(item.assignments.all())
    return assignments[0].organisation.name if assignments else ""
