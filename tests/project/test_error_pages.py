"""A missing page and a server error get a friendly Russian page, not a trace."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.views.defaults import permission_denied


@pytest.mark.django_db
def test_it_shows_a_russian_page_for_an_address_that_does_not_exist(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Страница не найдена" in page
    assert 'href="/"' in page, "it leads back to the front page"
    assert "Traceback" not in page


@pytest.mark.django_db
def test_it_shows_the_page_for_an_unknown_recommendation(client):
    response = client.get("/recommendations/999999/")

    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.django_db
def test_it_does_not_echo_the_requested_address(client):
    response = client.get("/<script>alert(1)</script>/")

    assert response.status_code == 404
    assert b"<script>alert(1)" not in response.content


def test_the_error_page_renders_without_a_database_or_a_request():
    # No django_db mark: any query here would fail the test.
    with translation.override("ru"):
        page = render_to_string("500.html")

    assert "Что-то пошло не так" in page
    assert "portal.css" in page


@pytest.mark.django_db
def test_it_shows_a_russian_page_when_a_page_fails(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("the database went away")

    monkeypatch.setattr(connection, "cursor", refuse)
    client = Client(raise_request_exception=False)

    response = client.get("/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Что-то пошло не так" in page
    assert "the database went away" not in page
    assert "Traceback" not in page


def test_it_shows_a_russian_page_to_a_user_without_the_permission(rf):
    # What every view that raises PermissionDenied answers.
    with translation.override("ru"):
        response = permission_denied(rf.get("/"), PermissionDenied())

    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


@pytest.mark.django_db
def test_it_shows_a_russian_page_for_an_unknown_host_name(client, caplog):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()
    assert any(r.name == "django.security.DisallowedHost" for r in caplog.records)
