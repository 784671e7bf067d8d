"""The cache of public pages: served to the anonymous, fresh after every change.

Each test runs against local memory and against Redis (db 5), the production
cache. Redis may be missing on a developer's machine (the Redis tests skip,
saying so) but never in CI.
"""

import datetime
import gzip
import os

import pytest
import redis
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from recommendations.models import Assignment, ReviewState, Status
from recommendations.services import status_update_publish, status_update_submit
from resolution_portal import page_cache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        reason = f"Redis is not reachable at {REDIS_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; the page cache must be tested on Redis in CI.")
        pytest.skip(reason)


@pytest.fixture(params=["locmem", "redis"])
def page_cache_on(request, settings) -> str:
    if request.param == "redis":
        _redis_or_skip()
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }
    settings.CACHES = {"default": backend}
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()  # db 5 is this suite's own
    yield request.param
    cache.clear()


@pytest.fixture
def org(make_organisation):
    return make_organisation(name="Колледж связи")


@pytest.fixture
def item(make_recommendation, org):
    return make_recommendation(lead=org, text="Создать мастерские")


def test_it_serves_the_next_anonymous_visitor_from_the_cache_without_queries(
    page_cache_on, client, item, django_assert_num_queries
):
    url = item.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Создать мастерские" in second.content.decode()


def test_it_shows_a_publish_on_the_next_request(
    page_cache_on, client, item, org, coordinator, make_official
):
    official = make_official(org)
    update = status_update_submit(
        recommendation=item,
        organisation=org,
        author=official,
        status=Status.IN_PROGRESS,
        progress=42,
        comment="Закуплено оборудование для мастерской сварки.",
        reported_on=datetime.date(2019, 3, 1),
    )
    url = item.get_absolute_url()
    client.get(url)
    before = client.get(url)
    assert before["X-Page-Cache"] == "hit"
    assert "Закуплено оборудование" not in before.content.decode()

    status_update_publish(update=update, reviewer=coordinator)

    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert "Закуплено оборудование" in after.content.decode()
    assert "42%" in after.content.decode()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_it_shows_an_admin_edit_on_the_next_request(
    page_cache_on, client, item, org, make_organisation
):
    url = item.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    # What the admin's forms and inlines do: save, add and delete rows.
    item.text = "Создать мастерские и лаборатории"
    item.save()
    assert "лаборатории" in client.get(url).content.decode()

    helper = make_organisation(name="Палата ремёсел")
    client.get(url)
    item.responsible.add(helper, through_defaults={"is_lead": False})
    assert "Палата ремёсел" in client.get(url).content.decode()

    client.get(url)
    Assignment.objects.get(recommendation=item, organisation=helper).delete()
    assert "Палата ремёсел" not in client.get(url).content.decode()

    client.get(url)
    org.name = "Колледж связи и информатики"
    org.save()
    assert "Колледж связи и информатики" in client.get(url).content.decode()


def test_it_never_serves_cached_pages_to_logged_in_staff_of_any_organisation(
    page_cache_on, client, item, make_organisation, make_official
):
    url = item.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    client.force_login(make_official(make_organisation()))
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_it_ignores_visitors_with_a_session_csrf_or_messages_cookie(
    page_cache_on, client, item, settings
):
    url = item.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"):
        client.cookies.clear()
        client.cookies[name] = "some-visitors-own-value"
        assert "X-Page-Cache" not in client.get(url)


def test_it_does_not_cache_missing_pages_staff_pages_or_the_health_check(
    page_cache_on, client, item, django_assert_num_queries
):
    missing = f"/recommendations/{item.pk + 1000}/"
    for url in (missing, missing, "/healthz", "/admin/login/", "/en/admin/login/"):
        assert client.get(url).get("X-Page-Cache") != "hit"
    with django_assert_num_queries(1):
        assert client.get("/healthz").content == b"ok"


def test_it_keeps_languages_and_query_strings_apart(page_cache_on, client, item):
    url = item.get_absolute_url()
    russian = client.get(url)
    english = client.get(f"/en{url}")
    assert english["X-Page-Cache"] == "miss"
    assert 'lang="ru"' in russian.content.decode()
    assert 'lang="en"' in english.content.decode()
    assert client.get(f"/en{url}")["X-Page-Cache"] == "hit"
    assert 'lang="ru"' in client.get(url).content.decode()
    assert client.get(f"{url}?page=2")["X-Page-Cache"] == "miss"


def test_it_is_off_when_page_cache_seconds_is_zero(
    page_cache_on, client, item, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    url = item.get_absolute_url()
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_it_stores_nothing_that_sets_a_cookie_or_is_private(page_cache_on, db):
    factory = RequestFactory()

    def serve(response: HttpResponse) -> HttpResponse:
        middleware = page_cache.PageCacheMiddleware(lambda request: response)
        return middleware(factory.get("/some/page/"))

    with_cookie = HttpResponse("mine")
    with_cookie.set_cookie("flavour", "plum")
    private = HttpResponse("mine too")
    private["Cache-Control"] = "private"
    for response in (with_cookie, private, HttpResponse(status=500)):
        serve(response)
        assert serve(HttpResponse("public")).get("X-Page-Cache") == "miss"
        cache.clear()


def test_it_caches_a_streamed_file_whole(page_cache_on, db):
    factory = RequestFactory()
    calls = []

    def stream(request) -> StreamingHttpResponse:
        calls.append(request)
        response = StreamingHttpResponse(iter([b"id,status\r\n", b"1,done\r\n"]))
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    middleware = page_cache.PageCacheMiddleware(stream)
    first = middleware(factory.get("/opendata/recommendations.csv"))
    second = middleware(factory.get("/opendata/recommendations.csv"))

    assert len(calls) == 1
    assert first.content == second.content == b"id,status\r\n1,done\r\n"
    assert second["Content-Type"] == "text/csv; charset=utf-8"
    assert second["X-Page-Cache"] == "hit"


def test_it_starts_a_new_version_when_the_old_one_is_lost(page_cache_on, db):
    first = page_cache.data_version()
    page_cache.bump_data_version()
    bumped = page_cache.data_version()
    assert bumped != first
    cache.delete(page_cache.VERSION_KEY)
    assert page_cache.data_version() not in (first, bumped)


def test_it_does_not_bump_on_reads(page_cache_on, item, client):
    version = page_cache.data_version()
    client.get(item.get_absolute_url())
    User.objects.exists()
    item.updates.filter(state=ReviewState.PUBLISHED).count()
    assert page_cache.data_version() == version


def test_it_renders_afresh_once_the_change_is_committed(
    page_cache_on, client, item, django_capture_on_commit_callbacks
):
    url = item.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        item.text = "Создать мастерские в трёх колледжах"
        item.save()
        # Another worker may render from the data before the commit meanwhile.
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"

    assert client.get(url)["X-Page-Cache"] == "miss"


def test_it_serves_the_cached_page_gzipped_to_browsers_that_accept_it(
    page_cache_on, client, item
):
    url = item.get_absolute_url()
    rendered = client.get(url)

    zipped = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    plain = client.get(url)

    assert zipped["X-Page-Cache"] == plain["X-Page-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(rendered.content)
    assert gzip.decompress(zipped.content) == rendered.content
    assert not plain.has_header("Content-Encoding")
    assert plain.content == rendered.content
    assert int(plain["Content-Length"]) == len(rendered.content)


def test_it_serves_pages_and_publishes_when_the_cache_is_down(
    settings, client, item, org, coordinator, make_official, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    update = status_update_submit(
        recommendation=item,
        organisation=org,
        author=make_official(org),
        status=Status.IN_PROGRESS,
        progress=30,
        comment="Начат ремонт помещений.",
        reported_on=datetime.date(2019, 3, 1),
    )

    status_update_publish(update=update, reviewer=coordinator)
    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert "Начат ремонт помещений." in response.content.decode()
    assert "X-Page-Cache" not in response
    assert "Page cache unavailable" in caplog.text


# --- A change makes stale only the pages that show it ----------------------------


@pytest.fixture
def two_resolutions(make_resolution, make_recommendation, make_organisation):
    """An older resolution A and the current one B, each with a recommendation
    and its own responsible organisation."""
    older = make_resolution(slug="res-a", adopted_on=datetime.date(2016, 5, 1))
    current = make_resolution(slug="res-b", adopted_on=datetime.date(2018, 8, 22))
    org_a = make_organisation(name="Колледж связи", slug="college-a")
    org_b = make_organisation(name="Палата ремёсел", slug="chamber-b")
    return {
        "a": make_recommendation(resolution=older, lead=org_a, text="Мастерские"),
        "b": make_recommendation(resolution=current, lead=org_b, text="Лаборатории"),
        "org_a": org_a,
        "org_b": org_b,
    }


def _pages_of(data: dict, side: str) -> list[str]:
    """A resolution's page, its chart, its recommendation's and its organisation's."""
    item = data[side]
    slug = item.resolution.slug
    return [
        f"/resolutions/{slug}/",
        f"/resolutions/{slug}/?page=2",
        f"/resolutions/{slug}/progress.svg",
        item.get_absolute_url(),
        f"/en{item.get_absolute_url()}",
        f"/organisations/{data[f'org_{side}'].slug}/",
    ]


LISTS = [
    "/resolutions/",
    "/organisations/",
    "/feed/",
    "/opendata/recommendations.json",
    "/opendata/recommendations.csv",
    "/sitemap.xml",
]


def _cached(client, urls: list[str]) -> None:
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def _states(client, urls: list[str]) -> dict[str, str]:
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def _publish(item, organisation, make_official, coordinator, comment: str):
    update = status_update_submit(
        recommendation=item,
        organisation=organisation,
        author=make_official(organisation),
        status=Status.IN_PROGRESS,
        progress=64,
        comment=comment,
        reported_on=datetime.date(2019, 3, 1),
    )
    return status_update_publish(update=update, reviewer=coordinator)


def test_a_publish_leaves_the_other_resolutions_pages_cached(
    page_cache_on, client, two_resolutions, make_official, coordinator
):
    data = two_resolutions
    pages_a, pages_b = _pages_of(data, "a"), _pages_of(data, "b")
    _cached(client, [*pages_a, *pages_b, "/", *LISTS])

    _publish(data["a"], data["org_a"], make_official, coordinator, "Закуплены станки.")

    assert _states(client, pages_a) == dict.fromkeys(pages_a, "miss")
    assert _states(client, LISTS) == dict.fromkeys(LISTS, "miss")
    # The front page shows the current resolution, B: it stays as it was.
    assert _states(client, [*pages_b, "/"]) == dict.fromkeys([*pages_b, "/"], "hit")
    assert (
        "Закуплены станки." in client.get(data["a"].get_absolute_url()).content.decode()
    )
    assert "64%" in client.get("/resolutions/res-a/").content.decode()


def test_a_publish_in_the_current_resolution_refreshes_the_front_page(
    page_cache_on, client, two_resolutions, make_official, coordinator
):
    data = two_resolutions
    pages_a = _pages_of(data, "a")
    _cached(client, ["/", "/?q=Лаборатории", *pages_a])

    _publish(data["b"], data["org_b"], make_official, coordinator, "Открыт корпус.")

    assert _states(client, ["/", "/?q=Лаборатории"]) == {
        "/": "miss",
        "/?q=Лаборатории": "miss",
    }
    assert "64%" in client.get("/").content.decode()
    assert _states(client, pages_a) == dict.fromkeys(pages_a, "hit")


def test_a_report_awaiting_review_leaves_every_page_cached(
    page_cache_on, client, two_resolutions, make_official
):
    data = two_resolutions
    every = [*_pages_of(data, "a"), *_pages_of(data, "b"), "/", *LISTS]
    _cached(client, every)

    status_update_submit(
        recommendation=data["a"],
        organisation=data["org_a"],
        author=make_official(data["org_a"]),
        status=Status.IN_PROGRESS,
        progress=10,
        comment="Черновик отчёта.",
        reported_on=datetime.date(2019, 3, 1),
    )

    assert _states(client, every) == dict.fromkeys(every, "hit")


def test_a_new_responsible_organisation_shows_on_its_own_page(
    page_cache_on, client, two_resolutions, make_organisation
):
    data = two_resolutions
    helper = make_organisation(name="Союз работодателей", slug="union")
    data["b"].responsible.add(helper, through_defaults={"is_lead": False})
    pages_b = _pages_of(data, "b")
    _cached(client, ["/organisations/union/", *pages_b])

    data["a"].responsible.add(helper, through_defaults={"is_lead": False})

    assert "Мастерские" in client.get("/organisations/union/").content.decode()
    assert (
        "Союз работодателей"
        in client.get(data["a"].get_absolute_url()).content.decode()
    )
    assert _states(client, pages_b) == dict.fromkeys(pages_b, "hit")


def test_a_hit_is_one_round_trip_to_the_cache(
    page_cache_on, client, two_resolutions, monkeypatch
):
    url = two_resolutions["a"].get_absolute_url()
    client.get(url)
    calls = []
    real = page_cache._cache()

    class Counting:
        def __getattr__(self, name):
            calls.append(name)
            return getattr(real, name)

    monkeypatch.setattr(page_cache, "_cache", Counting)

    assert client.get(url)["X-Page-Cache"] == "hit"
    assert calls == ["get_many"]


def test_an_edit_of_a_recommendation_leaves_the_other_resolutions_cached(
    page_cache_on, client, two_resolutions
):
    data = two_resolutions
    pages_b = _pages_of(data, "b")
    _cached(client, ["/resolutions/res-a/", *pages_b])

    data["a"].text = "Мастерские и лаборатории"
    data["a"].save()

    assert (
        "Мастерские и лаборатории" in client.get("/resolutions/res-a/").content.decode()
    )
    assert _states(client, pages_b) == dict.fromkeys(pages_b, "hit")


def test_a_recommendation_moved_to_another_resolution_leaves_the_old_one(
    page_cache_on, client, two_resolutions
):
    data = two_resolutions
    _cached(client, ["/resolutions/res-a/", "/resolutions/res-b/"])

    data["a"].resolution = data["b"].resolution
    data["a"].save()

    assert "Мастерские" not in client.get("/resolutions/res-a/").content.decode()
    assert "Мастерские" in client.get("/resolutions/res-b/").content.decode()


def test_a_missing_page_leaves_nothing_behind_in_the_cache(page_cache_on, client, db):
    for url in ("/resolutions/no-such-resolution/", "/organisations/nobody/"):
        assert client.get(url).status_code == 404
    assert cache.get("page-cache:version:res:no-such-resolution") is None
    assert cache.get("page-cache:version:org:nobody") is None
