"""The front page three ways: today's templates, Django templates written for
speed, and Jinja2 (Django's built-in backend), on the benchmark database.

    .venv/bin/python bench/template_engines.py [--runs 31]

Serves the prototype views of bench/proto/ next to the portal's own URLs (an
override of ROOT_URLCONF and TEMPLATES: nothing of the portal changes) and
measures, page cache off and DEBUG off:

1. the whole request in-process (middleware, view, SQL, template), split as
   bench/profile_pages.py splits it;
2. the template alone: the same context rendered again and again (querysets
   already evaluated), i.e. the render of the 50 rows and the page around
   them, in CPU time of this process.

Each variant's page is checked against today's: the same links in the same
order and the same visible text, or the difference is printed.
"""

import argparse
import html.parser
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import profile_pages as pp  # noqa: E402  (sets up Django on the bench database)
from config import HEADERS  # noqa: E402
from django.conf import settings  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, RequestFactory, override_settings  # noqa: E402

from recommendations.public import views as portal_views  # noqa: E402

TEMPLATES = [
    {
        **settings.TEMPLATES[0],
        "DIRS": [*settings.TEMPLATES[0]["DIRS"], BENCH / "proto" / "templates"],
    },
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BENCH / "proto" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "proto.environment.environment",
            "context_processors": ["django.template.context_processors.i18n"],
        },
    },
]

# (label, URL configuration, template engine and name for the render alone)
VARIANTS = [
    ("today: Django templates, includes and {% url %} per row", None, "today"),
    ("Django templates, rows prepared in Python", "DJANGO_FAST", "django"),
    ("Jinja2, rows prepared in Python", "JINJA2_FAST", "jinja2"),
    ("Jinja2, today's template ported line by line", "JINJA2_PORT", "port"),
    (
        "Django templates, rows prepared, lean view (SQL compiled once a day)",
        "DJANGO_LEAN",
        "django-lean",
    ),
    (
        "Jinja2, rows prepared, lean view (SQL compiled once a day)",
        "JINJA2_LEAN",
        "jinja2-lean",
    ),
]


class _Text(html.parser.HTMLParser):
    """The links and the visible words of a page, to compare two renders."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src", "srcset", "value", "datetime", "alt"):
                self.links.append(f"{name}={value}")

    def handle_data(self, data) -> None:
        self.words += data.split()


def _digest(body: bytes) -> _Text:
    parser = _Text()
    parser.feed(body.decode())
    return parser


def compare(reference: bytes, body: bytes) -> str:
    a, b = _digest(reference), _digest(body)
    problems = []
    if a.links != b.links:
        missing = [x for x in a.links if x not in b.links][:3]
        extra = [x for x in b.links if x not in a.links][:3]
        problems.append(f"links differ (missing {missing}, extra {extra})")
    if a.words != b.words:
        for i, (x, y) in enumerate(zip(a.words, b.words, strict=False)):
            if x != y:
                context = " ".join(a.words[max(i - 3, 0) : i + 3])
                problems.append(f"text differs at «{context}»: «{x}» vs «{y}»")
                break
        else:
            problems.append(f"{len(a.words)} words vs {len(b.words)}")
    return "; ".join(problems) or "same links and text"


def _captured(module, call) -> tuple[str, dict]:
    """The template name and context that `call()` hands to `module.render`."""
    captured = {}

    def capture(request, name, context, **kwargs):
        captured.update(name=name, context=context)
        return None

    original = module.render
    module.render = capture
    try:
        call()
    finally:
        module.render = original
    return captured["name"], captured["context"]


def _template_and_context(kind: str, request, resolution):
    from proto import lean
    from proto import views as proto

    if kind == "today":
        name, context = _captured(
            portal_views,
            lambda: portal_views._resolution_page(request, resolution, is_front=True),
        )
        return engines["django"].get_template(name), context
    if kind == "port":
        name, context = _captured(proto, lambda: proto.front_jinja2_port(request))
        return engines["jinja2"].get_template(name), context
    engine, _dash, is_lean = kind.partition("-")
    build = lean.lean_context if is_lean else proto.fast_context
    context = build(request, resolution, is_front=True)
    return engines[engine].get_template(f"proto_{engine}/progress.html"), context


def render_only(kind: str, runs: int) -> float:
    """Median of rendering the page's template from a context built once."""
    request = RequestFactory(headers=HEADERS).get("/")
    request.user = None
    resolution = portal_views.Resolution.objects.current()
    template, context = _template_and_context(kind, request, resolution)
    template.render(context, request)  # evaluates the querysets once
    # CPU time of this process: a render is pure Python, and the machine is
    # shared, so wall time would count other work too.
    timings = []
    for _ in range(runs):
        started = time.process_time()
        template.render(context, request)
        timings.append(time.process_time() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    options = parser.parse_args()
    from proto import urls

    client = Client(headers=HEADERS)
    with override_settings(TEMPLATES=TEMPLATES):
        reference = client.get("/").content
        health = pp.measure(client, "/healthz", options.runs)
        print(
            f"in-process /healthz (middleware and SELECT 1): "
            f"{health['total']:.1f} ms median"
        )
        print()
        print(
            "| front page | request ms | SQL ms | templates ms | Python ms "
            "| queries | template alone ms | fastest request ms | CPU ms | check |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for label, conf, kind in VARIANTS:
            with override_settings(
                ROOT_URLCONF=getattr(urls, conf or "", None) or settings.ROOT_URLCONF
            ):
                body = client.get("/").content
                check = compare(reference, body)
                r = pp.measure(client, "/", options.runs)
                alone = render_only(kind, options.runs)
            print(
                f"| {label} | {r['total']:.1f} | {r['sql']:.1f} "
                f"| {r['templates']:.1f} | {r['python']:.1f} | {r['queries']} "
                f"| {alone:.1f} | {r['min']:.1f} | {r['cpu']:.1f} | {check} |",
                flush=True,
            )
        _organisations_rows(client, urls, options.runs)


def _organisations_rows(client, urls, runs: int) -> None:
    """`/organisations/` today and with one aggregate per organisation."""
    reference = client.get("/organisations/").content
    for label, conf in (
        ("today", None),
        ("one aggregate of assignments per organisation", "ORGANISATIONS_FAST"),
    ):
        with override_settings(
            ROOT_URLCONF=getattr(urls, conf or "", None) or settings.ROOT_URLCONF
        ):
            body = client.get("/organisations/").content
            check = compare(reference, body)
            r = pp.measure(client, "/organisations/", runs)
        print(
            f"| `/organisations/`, {label} | {r['total']:.1f} "
            f"| {r['sql']:.1f} | {r['templates']:.1f} | {r['python']:.1f} "
            f"| {r['queries']} | | {r['min']:.1f} | {r['cpu']:.1f} | {check} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
