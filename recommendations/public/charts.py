"""The resolution's progress over time, drawn on the server as SVG.

A point wherever the record changed: the end of every day on which reports
were published (on a history of more than `POINTS` such days, that many of
them, evenly spread), each the mean progress of the record as it stood then
(`Recommendation.objects.as_it_stood`), the same definition of progress and of
the record as the reports'. The record holds its value until it changes, so
the line runs level and steps. The points take three queries, however many.
"""

import datetime
from dataclasses import dataclass

from django.db.models import FloatField, Min, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Recommendation, Resolution, StatusUpdate, progress_aggregates

# Circles are drawn on the points while they stay apart.
MARKERS = 60
# More days than a chart can tell apart: a long history is sampled evenly.
POINTS = 240


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    labels: int  # how many dates to write under the axis

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom


WIDE = Layout(width=560, height=300, left=50, right=24, top=24, bottom=36, labels=8)
NARROW = Layout(width=360, height=240, left=52, right=16, top=24, bottom=34, labels=4)


def _publications(resolution: Resolution, today: datetime.date):
    """The resolution's published updates up to `today`, with their local day."""
    zone = timezone.get_current_timezone()
    return (
        StatusUpdate.objects.published()
        .filter(recommendation__resolution=resolution)
        .annotate(day=TruncDate("published_at", tzinfo=zone))
        .filter(day__lte=today)
        .order_by()
    )


def spread(days: list[datetime.date], most: int) -> list[datetime.date]:
    """At most `most` of the days, evenly spread, the first and the last kept."""
    if len(days) <= most:
        return days
    step = (len(days) - 1) / (most - 1)
    return [days[round(n * step)] for n in range(most)]


def change_days(
    resolution: Resolution, today: datetime.date
) -> list[tuple[datetime.date, float]]:
    """The days on which the resolution's record changed, up to `today` (at most
    `POINTS`), each with the mean progress of the record at its end."""
    publications = _publications(resolution, today)
    every_day = list(
        publications.values_list("day", flat=True).distinct().order_by("day")
    )
    days = spread(every_day, POINTS)
    day = OuterRef("day")
    mean = (
        Recommendation.objects.filter(resolution=resolution)
        .as_it_stood(day)
        .order_by()
        .values("resolution")
        .annotate(
            **progress_aggregates(day, status="as_of_status", progress="as_of_progress")
        )
        .values("mean_progress")
    )
    # One row a day (its first publication) to evaluate the record on.
    first_of_day = (
        publications.filter(day__in=days)
        .values("day")
        .annotate(first=Min("id"))
        .values("first")
    )
    rows = (
        publications.filter(pk__in=first_of_day)
        .annotate(mean=Subquery(mean, output_field=FloatField()))
        .order_by("day")
        .values_list("day", "mean")
    )
    return [(day, mean or 0.0) for day, mean in rows]


def progress_series(
    resolution: Resolution, *, today: datetime.date | None = None
) -> list[tuple[datetime.date, float]]:
    """The adoption, every day on which the record changed, and today."""
    today = today or timezone.localdate()
    start = min(resolution.adopted_on, today)
    at_start = resolution.recommendations.summary(as_of=start)["mean_progress"]
    series = {start: at_start or 0.0}
    series.update((day, value) for day, value in change_days(resolution, today))
    series.setdefault(today, series[max(series)])
    return sorted(series.items())


def chart_geometry(series: list[tuple[datetime.date, float]], layout: Layout) -> dict:
    """Coordinates for the template: the line, the area under it, the ticks."""
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)

    def x(day: datetime.date) -> float:
        if len(series) == 1:
            return layout.left + layout.plot_width / 2
        return layout.left + layout.plot_width * (day - first).days / span

    def y(value: float) -> float:
        return layout.top + layout.plot_height * (1 - value / 100)

    points = [
        {"day": day, "value": value, "x": round(x(day), 1), "y": round(y(value), 1)}
        for day, value in series
    ]
    # The record holds its value until the next change: a level line, then a step.
    corners = [f"{points[0]['x']},{points[0]['y']}"]
    for before, point in zip(points, points[1:], strict=False):
        corners += [f"{point['x']},{before['y']}", f"{point['x']},{point['y']}"]
    line = " ".join(corners)
    base = round(y(0), 1)
    area = f"{points[0]['x']},{base} {line} {points[-1]['x']},{base}"
    # New years are labelled with the year alone; the ends need no label,
    # the figure's caption and the headline figures say what they are.
    years = [
        {"day": datetime.date(year, 1, 1), "x": round(x(datetime.date(year, 1, 1)), 1)}
        for year in range(first.year + 1, last.year + 1)
    ]
    every = max(1, -(-len(years) // layout.labels))
    labelled = years[::every]
    return {
        "layout": layout,
        "points": points,
        "markers": points if len(points) <= MARKERS else points[-1:],
        "line": line,
        "area": area,
        "x_labels": labelled,
        "y_ticks": [{"value": v, "y": round(y(v), 1)} for v in (0, 25, 50, 75, 100)],
        "plot_right": layout.width - layout.right,
        "axis_label_y": layout.height - layout.bottom + 22,
        "last": points[-1],
    }
