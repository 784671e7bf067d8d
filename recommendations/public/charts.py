"""The resolution's progress over time, drawn on the server as SVG.

A point wherever the record changed: the end of every day on which reports
were published, each the mean progress of the record as it stood then
(`Recommendation.objects.as_it_stood`), the same definition of progress and of
the record as the reports'. Between two points the record did not change, so
the line runs level and steps. All the points come from one query.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, FloatField, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Recommendation, Resolution, StatusUpdate, progress_aggregates

# Circles are drawn on the points while they stay apart.
MARKERS = 60


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


def change_days(
    resolution: Resolution, today: datetime.date
) -> list[tuple[datetime.date, float]]:
    """Each day on which the resolution's record changed, up to `today`, with
    the mean progress of the record as it stood at the end of that day."""
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
    days = (
        StatusUpdate.objects.published()
        .filter(recommendation__resolution=resolution)
        .annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .filter(day__lte=today)
        .order_by()
        .values("day")
        .annotate(reports=Count("id"))
        .annotate(mean=Subquery(mean, output_field=FloatField()))
        .order_by("day")
        .values_list("day", "mean")
    )
    # Two publications of one day give one point: the record at its end.
    return list({day: mean or 0.0 for day, mean in days}.items())


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
