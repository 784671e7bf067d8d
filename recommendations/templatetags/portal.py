"""Small helpers for the public templates."""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from ..public.links import portal_url
from ..selectors import last_publication

register = template.Library()


@register.simple_tag(takes_context=True)
def this_page_url(context: template.Context) -> str:
    """This page's address on the portal, whatever host the request named."""
    request: HttpRequest | None = context.get("request")
    return portal_url(request.get_full_path() if request else "/")


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict]:
    """This page in every language of the portal, the current one marked."""
    request: HttpRequest | None = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def percent(value) -> int:
    """A mean progress as a whole percentage; no reports yet is 0%."""
    return round(value or 0)


@register.simple_tag
def page_numbers(page) -> list:
    """Numbers to link around the current page; the paginator's ELLIPSIS
    marks a gap."""
    return list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )


@register.simple_tag
def data_as_of():
    """The moment the public record last changed, for the «data as of» stamp.

    None when the database cannot say: an error page renders without it, so
    that a stamp never turns one failure into another."""
    try:
        return last_publication()
    except Exception:  # noqa: BLE001 - any failure: the page goes without
        return None


@register.simple_tag
def reporting_period_days() -> int:
    """How long a report stays fresh: after this, «No recent data»."""
    return settings.REPORTING_PERIOD_DAYS
