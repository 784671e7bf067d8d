"""The resolution's progress over time, drawn on the server as SVG.

Each point is the resolution's `summary(as_of=day)`: the same definition of
progress as everywhere else, read from the published history. One query per
point, so the number of points is fixed.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import Resolution

POINTS = 8


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


def chart_days(
    start: datetime.date, end: datetime.date, points: int = POINTS
) -> list[datetime.date]:
    """The adoption, today, and new years in between (every other one or more
    when there are many), at most `points` days in all."""
    if end <= start:
        return [start]
    years = list(range(start.year + 1, end.year + 1))
    step = max(1, -(-len(years) // (points - 2)))
    inside = [datetime.date(year, 1, 1) for year in years[::step]]
    return sorted({start, *inside, end})


def progress_series(
    resolution: Resolution, *, today: datetime.date | None = None
) -> list[tuple[datetime.date, float]]:
    today = today or timezone.localdate()
    return [
        (day, resolution.recommendations.summary(as_of=day)["mean_progress"] or 0.0)
        for day in chart_days(resolution.adopted_on, today)
    ]


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
    line = " ".join(f"{p['x']},{p['y']}" for p in points)
    base = round(y(0), 1)
    area = f"{points[0]['x']},{base} {line} {points[-1]['x']},{base}"
    # New years are labelled with the year alone; the ends need no label,
    # the figure's caption and the headline figures say what they are.
    years = [p for p in points if p["day"].month == 1 and p["day"].day == 1]
    every = max(1, -(-len(years) // layout.labels))
    labelled = years[::every]
    return {
        "layout": layout,
        "points": points,
        "line": line,
        "area": area,
        "x_labels": labelled,
        "y_ticks": [{"value": v, "y": round(y(v), 1)} for v in (0, 25, 50, 75, 100)],
        "plot_right": layout.width - layout.right,
        "axis_label_y": layout.height - layout.bottom + 22,
        "last": points[-1],
    }
