"""What the prototype front pages share: the page's rows as plain values and
the context around them, the same for every variant (views.fast_context,
lean.lean_context)."""

import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils import dateformat
from django.utils.functional import cached_property

from recommendations.models import Status
from recommendations.templatetags.portal import language_links

PAGE_SIZE = 50


def total(by_group: list[dict]) -> dict:
    """The resolution's summary from its groups' rows: sums, and the mean
    progress weighted by the recommendations each group's mean counts."""
    if not by_group:
        return {"total": 0, "mean_progress": None}
    summed = {key: 0 for key in by_group[0] if key not in ("group", "mean_progress")}
    weighted = counted = 0
    for row in by_group:
        for key in summed:
            summed[key] += row[key]
        n = row["total"] - row["cancelled"]
        weighted += (row["mean_progress"] or 0) * n
        counted += n
    summed["mean_progress"] = weighted / counted if counted else None
    return summed


class Dates:
    """«j E Y» of each date once: the rows of a page share few dates."""

    def __init__(self) -> None:
        self.seen: dict[datetime.date, tuple[str, str]] = {}

    def __call__(self, day: datetime.date | None) -> tuple[str, str] | None:
        if day is None:
            return None
        if day not in self.seen:
            self.seen[day] = (day.isoformat(), dateformat.format(day, "j E Y"))
        return self.seen[day]


class KnownCountPaginator(Paginator):
    """The count is known from the summary when no filter applies."""

    def __init__(self, *args, count: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count

    @cached_property
    def count(self) -> int:
        return super().count


def responsible(assignments) -> dict[int, list[tuple[str, str]]]:
    """(recommendation id, slug, short name, name) rows, the lead first, as
    each recommendation's organisation links."""
    links: dict[int, list[tuple[str, str]]] = {}
    prefix = reverse("recommendations:organisation", args=["-"])[:-2]
    for rec_id, slug, short, name in assignments:
        links.setdefault(rec_id, []).append((f"{prefix}{slug}/", short or name))
    return links


def grouped(rows, all_groups: dict, links: dict, dates: Dates) -> list[dict]:
    """The page's rows under their groups' headings. A row: id, group id,
    number, text, status, progress, reported on, overdue, stale."""
    detail = reverse("recommendations:recommendation", args=[0])[:-2]
    labels = {value: str(label) for value, label in Status.choices}
    groups: list[dict] = []
    for rec_id, group_id, number, text, status, progress, reported, *flags in rows:
        if not groups or groups[-1]["id"] != group_id:
            groups.append(
                {"id": group_id, "name": all_groups[group_id].name, "items": []}
            )
        groups[-1]["items"].append(
            {
                "number": number,
                "text": text,
                "url": f"{detail}{rec_id}/",
                "status": status,
                "label": labels[status],
                "progress": progress,
                "reported": dates(reported),
                "overdue": flags[0],
                "stale": flags[1],
                "orgs": links.get(rec_id, ()),
            }
        )
    return groups


def _options(field, current) -> list[tuple[str, str, bool]]:
    return [(str(v), str(label), str(v) == current) for v, label in field.choices]


def _pagination(request: HttpRequest, page) -> dict | None:
    if not page.has_other_pages():
        return None
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = number
        return "?" + query.urlencode()

    numbers = []
    for number in page.paginator.get_elided_page_range(
        page.number, on_each_side=1, on_ends=1
    ):
        if number == page.paginator.ELLIPSIS:
            numbers.append((None, None))
        else:
            numbers.append((number, None if number == page.number else link(number)))
    return {
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "numbers": numbers,
        "number": page.number,
        "pages": page.paginator.num_pages,
    }


def _group_rows(by_group: list[dict], all_groups: dict) -> list[dict]:
    return [
        {
            "slug": all_groups[row["group"]].slug,
            "name": all_groups[row["group"]].name,
            "percent": round(row["mean_progress"] or 0),
            "done": row["done"],
            "total": row["total"],
        }
        for row in by_group
    ]


def _form_context(form) -> dict:
    data = form.cleaned_data
    return {
        "form": form,
        "status_options": _options(form.fields["status"], data.get("status", "")),
        "group_options": _options(form.fields["group"], data.get("group", "")),
        "organisation_options": _options(
            form.fields["organisation"], data.get("organisation", "")
        ),
        "q": data.get("q", ""),
        "overdue_checked": bool(data.get("overdue")),
        "is_filtered": bool(form.active),
    }


def _links() -> dict:
    return {
        "progress": reverse("recommendations:progress"),
        "resolutions": reverse("recommendations:resolutions"),
        "organisations": reverse("recommendations:organisations"),
        "feed": reverse("recommendations:feed"),
        "json": reverse("opendata_json"),
        "csv": reverse("opendata_csv"),
        "sitemap": reverse("sitemap"),
    }


def finish(request: HttpRequest, resolution, is_front: bool, form, parts: dict) -> dict:
    """The rest of the context from `parts`: summary, by_group, all_groups,
    paginator, page, grouped, dates."""
    summary = parts["summary"]
    return {
        "resolution": resolution,
        "adopted": parts["dates"](resolution.adopted_on),
        "is_front": is_front,
        "summary": summary,
        "mean_percent": round(summary["mean_progress"] or 0),
        "group_rows": _group_rows(parts["by_group"], parts["all_groups"]),
        **_form_context(form),
        "found": parts["paginator"].count,
        "grouped": parts["grouped"],
        "pagination": _pagination(request, parts["page"]),
        "chart_url": reverse("recommendations:progress_chart", args=[resolution.slug]),
        "languages": language_links({"request": request}),
        "urls": _links(),
    }
