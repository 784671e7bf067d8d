"""Text that people type is shown as text on every page, never run as markup.

The pages are found from the URL configuration, so a page added later is
checked too: public pages as a visitor, staff pages and every admin list and
form as a superuser.
"""

import datetime
import itertools
import json

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, URLPattern, get_resolver, reverse
from django.utils import translation

from recommendations.models import ReviewState, Status

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{ATTRIBUTE}"
RAW = ["<script>alert", "<img src=x onerror"]


@pytest.fixture
def hostile(
    make_resolution, make_group, make_organisation, make_recommendation, make_update
):
    resolution = make_resolution(
        title=f"Резолюция {PAYLOAD}",
        event=f"Форум {PAYLOAD}",
        place=PAYLOAD,
        preamble=PAYLOAD,
        slug="hostile",
        adopted_on=datetime.date(2030, 1, 1),
    )
    group = make_group(name=f"Группа {PAYLOAD}", description=PAYLOAD, slug="hostile")
    organisation = make_organisation(
        name=f"Организация {PAYLOAD}", short_name=PAYLOAD[:100], slug="hostile-org"
    )
    recommendation = make_recommendation(
        resolution=resolution,
        group=group,
        lead=organisation,
        text=f"Обеспечить {PAYLOAD}",
        number="1.1",
        status=Status.IN_PROGRESS,
        progress=40,
        status_reported_on=datetime.date(2030, 2, 1),
    )
    published = make_update(
        recommendation,
        comment=f"Приказ {PAYLOAD}\nвторая строка {SCRIPT}",
        reported_on=datetime.date(2030, 2, 1),
        progress=40,
    )
    make_update(
        recommendation,
        comment=f"Черновик {PAYLOAD}",
        review_note=f"Исправьте {PAYLOAD}",
        state=ReviewState.RETURNED,
    )
    # A resolution whose original text ships with the portal, served as it is.
    with_text = make_resolution(
        title=f"Резолюция {PAYLOAD}",
        slug="hostile-2018",
        adopted_on=datetime.date(2018, 8, 22),
    )
    return {
        "pk": [recommendation.pk, published.pk],
        "id": [recommendation.pk, published.pk],
        "slug": [resolution.slug, organisation.slug, group.slug, with_text.slug],
    }


def public_patterns() -> list[URLPattern]:
    resolver = get_resolver()
    _, namespace_resolver = resolver.namespace_dict["recommendations"]
    return [p for p in namespace_resolver.url_patterns if isinstance(p, URLPattern)]


def addresses(pattern: URLPattern, values: dict[str, list]) -> list[str]:
    """Every address of the pattern that can be made from the hostile data."""
    names = list(pattern.pattern.converters)
    found = []
    for combination in itertools.product(*(values.get(n, []) for n in names)):
        # The Russian address, unprefixed, whatever the last request activated.
        with translation.override("ru"):
            try:
                found.append(
                    reverse(
                        f"recommendations:{pattern.name}",
                        kwargs=dict(zip(names, combination, strict=True)),
                    )
                )
            except NoReverseMatch:
                continue
    return found


def assert_shown_as_text(response, url: str) -> None:
    content_type = response["Content-Type"]
    body = response.content.decode("utf-8-sig", errors="replace")
    if "html" in content_type or "xml" in content_type:
        for raw in RAW:
            assert raw not in body, f"{url} shows {raw!r} as markup"
    elif "json" in content_type:
        json.loads(body)
    else:
        assert content_type.split(";")[0] in {
            "text/csv",
            "text/plain",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }, f"{url} answers {content_type}"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_every_public_page_shows_typed_text_as_text(client, admin_client, hostile):
    opened = []
    for pattern in public_patterns():
        answered = []
        for url in addresses(pattern, hostile):
            for language in ("", "/en"):
                response = client.get(language + url)
                if response.status_code == 302:  # a staff page: log in
                    response = admin_client.get(language + url)
                if response.status_code == 200:
                    assert_shown_as_text(response, language + url)
                    answered.append(language + url)
        assert answered, f"no address of {pattern.name!r} could be opened"
        opened.extend(answered)
    assert {"/", "/en/", f"/recommendations/{hostile['pk'][0]}/"} <= set(opened)


@pytest.mark.django_db
def test_the_recommendation_page_shows_the_typed_characters(client, hostile):
    page = client.get(f"/recommendations/{hostile['pk'][0]}/").content.decode()

    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Черновик" not in page, "an unpublished comment is never shown"


@pytest.mark.django_db
def test_every_admin_list_and_form_shows_typed_text_as_text(admin_client, hostile):
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        urls += [
            reverse("admin:{}_{}_change".format(*info), args=[pk])
            for pk in model._default_manager.order_by("-pk").values_list(
                "pk", flat=True
            )[:3]
        ]
        for url in urls:
            response = admin_client.get(url)
            assert response.status_code == 200, url
            assert_shown_as_text(response, url)
