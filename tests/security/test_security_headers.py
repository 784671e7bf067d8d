"""Every response carries the headers that keep a browser safe on the portal."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/admin/login/", "/no-such-page/", "/healthz"])
def test_it_allows_only_the_portals_own_assets(client, url):
    csp = policy(client.get(url))

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no inline or foreign scripts"
    assert csp["style-src"] == ["'self'"], "no inline <style> or foreign styles"
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_it_forbids_framing_sniffing_and_leaking_the_address(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_it_keeps_a_stricter_policy_a_view_set_itself(client, settings):
    from django.http import HttpResponse

    from resolution_portal.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("file")
        response["Content-Security-Policy"] = "sandbox"
        return response

    response = SecurityHeadersMiddleware(view)(None)

    assert response["Content-Security-Policy"] == "sandbox"


@pytest.fixture
def production(settings):
    """What DEBUG off outside the test suite sets (see settings.SECURE_BY_DEFAULT)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.mark.django_db
def test_it_redirects_plain_http_to_https(client, production):
    response = client.get("/recommendations/1/?page=2")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/recommendations/1/?page=2"


@pytest.mark.django_db
def test_it_tells_browsers_to_use_https_only(client, production):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_it_trusts_the_proxys_word_on_https_only_when_told_to(client, production):
    proxied = {"HTTP_X_FORWARDED_PROTO": "https"}

    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 301

    production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/", **proxied).status_code == 200


@pytest.mark.django_db
def test_its_cookies_are_https_only_and_out_of_reach_of_scripts(
    client, production, admin_user
):
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/",
        {"username": "admin", "password": "password"},
        secure=True,
    )

    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["secure"]


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is no production setting.
        if k
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith("SECURE_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean
        | {
            "DEBUG": "0",
            "SECRET_KEY": "k3Y-" + "q8ZxR2vT7mW4nP9sL1dF6gH0jB5cV3" * 2,
            "ALLOWED_HOSTS": "portal.example.ru",
        }
        | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deployment_check_finds_nothing_in_production():
    result = deploy_check()

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_check_finds_nothing_behind_a_proxy():
    result = deploy_check(PROXY_COUNT="1")

    assert result.returncode == 0, result.stderr


def test_the_deployment_check_would_notice_https_switched_off():
    result = deploy_check(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W008" in result.stderr and "security.W004" in result.stderr
