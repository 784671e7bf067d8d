"""`?next=` never sends anyone off the portal after signing in or out."""

import pytest

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "http://testserver@evil.example/",
]


def stays_on_the_portal(location: str) -> bool:
    return (
        location.startswith("/")
        and not location.startswith("//")
        and not location.startswith("/\\")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_never_leads_off_the_portal(client, admin_user, target):
    response = client.post(
        f"/admin/login/?next={target}",
        {"username": "admin", "password": "password", "next": target},
    )

    assert response.status_code == 302
    assert stays_on_the_portal(response["Location"]), response["Location"]
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_signing_in_follows_a_next_inside_the_portal(client, admin_user):
    response = client.post(
        "/admin/login/",
        {"username": "admin", "password": "password", "next": "/admin/auth/user/"},
    )

    assert response["Location"] == "/admin/auth/user/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE)
def test_switching_language_never_leads_off_the_portal(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})

    assert response.status_code == 302
    assert stays_on_the_portal(response["Location"]), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE)
def test_signing_out_never_leads_off_the_portal(client, admin_user, target):
    client.force_login(admin_user)

    response = client.post("/admin/logout/", {"next": target})

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert stays_on_the_portal(response["Location"]), response["Location"]
    assert "_auth_user_id" not in client.session
