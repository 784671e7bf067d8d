"""URL configurations that serve a prototype view at the real page's URL.

Each is the project's own configuration with one page (``/`` or
``/organisations/`` and their language-prefixed twins) answered by a
prototype view, so that links, the language switch and "printed from" come
out as on the real page and the two renders can be compared word for word.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import LocalePrefixPattern, include, path

from recommendations.public import urls as portal_urls
from resolution_portal import urls as project

from . import views


class _Conf:
    def __init__(self, view, name: str) -> None:
        pages = [
            path(str(p.pattern), view, name=name) if p.name == name else p
            for p in portal_urls.urlpatterns
        ]
        self.urlpatterns = [
            p
            for p in project.urlpatterns
            if not isinstance(p.pattern, LocalePrefixPattern)
        ] + i18n_patterns(
            path("", include((pages, "recommendations"))),
            prefix_default_language=False,
        )


DJANGO_FAST = _Conf(views.front_django_fast, "progress")
JINJA2_FAST = _Conf(views.front_jinja2_fast, "progress")
JINJA2_PORT = _Conf(views.front_jinja2_port, "progress")
DJANGO_LEAN = _Conf(views.front_django_lean, "progress")
JINJA2_LEAN = _Conf(views.front_jinja2_lean, "progress")
ORGANISATIONS_FAST = _Conf(views.organisations_fast, "organisations")
