"""Every form needs the CSRF token: a form posted from another site changes nothing."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse


def every_view(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from every_view(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_opts_out_of_the_csrf_check():
    views = list(every_view())

    assert len(views) > 20, "the admin's views are among them"
    assert [path for path, view in views if getattr(view, "csrf_exempt", False)] == []


@pytest.fixture
def forged(django_user_model) -> Client:
    """A browser that posts forms without the token, as another site would."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
def test_it_refuses_a_login_without_the_token(forged, admin_user, caplog):
    response = forged.post(
        "/admin/login/", {"username": "admin", "password": "password"}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "Форма устарела" in page and "Ничего не сохранено" in page
    assert "_auth_user_id" not in forged.session
    assert any(r.name == "django.security.csrf" for r in caplog.records)


@pytest.mark.django_db
def test_it_refuses_a_language_switch_without_the_token(forged):
    response = forged.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    assert "django_language" not in response.cookies


@pytest.mark.django_db
def test_it_refuses_a_logout_without_the_token(forged, admin_user):
    forged.force_login(admin_user)

    assert forged.post("/admin/logout/").status_code == 403
    assert "_auth_user_id" in forged.session


@pytest.mark.django_db
def test_it_refuses_every_admin_form_without_the_token(forged, admin_user):
    forged.force_login(admin_user)
    checked = 0
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        before = model._default_manager.count()
        urls = [reverse("admin:{}_{}_add".format(*info))]
        last = model._default_manager.order_by("pk").last()
        if last is not None:
            urls += [
                reverse("admin:{}_{}_change".format(*info), args=[last.pk]),
                reverse("admin:{}_{}_delete".format(*info), args=[last.pk]),
            ]
        for url in urls:
            response = forged.post(url, {"post": "yes"})
            assert response.status_code == 403, url
            checked += 1
        assert model._default_manager.count() == before, model
    assert checked >= 4, "users and groups at least"
