"""The «Дисциплина» sheet of the progress report: each lead executor's share of
reports due that came in on time, as the record stood at the end of `as_of`."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from xlsxwriter.workbook import Workbook

from ..discipline import Discipline, lead_discipline, total
from ..models import Resolution
from .printed import Looks, finish_sheet, write_table
from .xlsx import Column


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


DISCIPLINE_COLUMNS = (
    Column(gettext_lazy("Lead executor"), 40, "wrap", lambda row: row[0]),
    Column(gettext_lazy("Reports owed"), 12, "plain", lambda row: row[1].due),
    Column(gettext_lazy("On time"), 12, "plain", lambda row: row[1].on_time),
    Column(
        gettext_lazy("Share on time"),
        12,
        "percent",
        lambda row: None if row[1].due == 0 else row[1].on_time / row[1].due,
    ),
    Column(gettext_lazy("In words"), 40, "wrap", lambda row: row[1].in_words),
)


def discipline_rows(
    resolution: Resolution, as_of: datetime.date
) -> list[tuple[str, Discipline]]:
    """(organisation, figure) by name, then the total, for reports due by `as_of`."""
    figures = lead_discipline(
        resolution.recommendations.all(),
        today=as_of + datetime.timedelta(days=1),
        published_by=_end_of(as_of),
    )
    rows = sorted(
        (organisation.name, figure)
        for organisation, figure in figures.items()
        if figure.due
    )
    return [*rows, (_("Total"), total(figure for _name, figure in rows))]


def write_discipline(
    book: Workbook,
    looks: Looks,
    *,
    resolution: Resolution,
    as_of: datetime.date,
    known_today: bool = False,
    generated_at: datetime.datetime,
) -> None:
    """Each lead executor's reports on time, as the record stood on `as_of`."""
    sheet = write_table(
        book,
        looks,
        pgettext("report sheet", "Discipline"),
        DISCIPLINE_COLUMNS,
        iter(discipline_rows(resolution, as_of)),
    )
    finish_sheet(sheet, resolution=resolution, as_of=as_of, generated_at=generated_at)
