"""Guessing one account's password from many addresses is slowed to a crawl,
and the official is never locked out of it for good."""

import pytest
from axes.models import AccessAttempt

from resolution_portal import security
from resolution_portal.security import TRUSTED_COOKIE

LOGIN = "/admin/login/"
PASSWORD = "Верный-пароль-2018"


@pytest.fixture(autouse=True)
def _fast_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def official(django_user_model):
    return django_user_model.objects.create_user(
        "edu", password=PASSWORD, is_staff=True
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(security.time, "time", clock)
    return clock


def attempt(client, password: str, address: str):
    return client.post(
        LOGIN,
        {"username": "edu", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def botnet(client, failures: int, start: int = 1) -> list[int]:
    """Wrong passwords, each from an address of its own."""
    return [
        attempt(client, "неверный", f"203.0.113.{start + n}").status_code
        for n in range(failures)
    ]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_makes_the_account_wait_after_twenty_failures_from_any_address(
    client, official, clock
):
    assert botnet(client, 20) == [200] * 20

    response = attempt(client, PASSWORD, "198.51.100.9")

    assert response.status_code == 429
    assert response["Retry-After"] == "2"
    page = response.content.decode()
    assert "Слишком много неудачных попыток входа в эту учётную запись" in page
    assert "Попробуйте снова через 2 секунды" in page
    assert "не заблокирована" in page
    assert not signed_in(client)


@pytest.mark.django_db
def test_it_lets_the_right_password_in_once_the_wait_is_over(client, official, clock):
    botnet(client, 20)
    clock.now += 2

    response = attempt(client, PASSWORD, "198.51.100.9")

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_it_doubles_the_wait_with_each_further_failure_up_to_five_minutes(
    client, official, clock
):
    botnet(client, 20)
    waits = []
    for n in range(12):
        refused = attempt(client, "неверный", "192.0.2.1")
        waits.append(int(refused["Retry-After"]))
        clock.now += waits[-1]
        assert botnet(client, 1, start=100 + n) == [200]  # checked and counted

    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300]


@pytest.mark.django_db
def test_it_does_not_prolong_the_wait_for_attempts_refused_meanwhile(
    client, official, clock
):
    botnet(client, 20)
    assert [attempt(client, "неверный", "192.0.2.1").status_code] * 3 == [429] * 3
    clock.now += 2

    assert attempt(client, PASSWORD, "192.0.2.1").status_code == 302
    assert not AccessAttempt.objects.filter(ip_address="192.0.2.1").exists()


@pytest.mark.django_db
def test_it_forgets_the_failures_after_an_hour(client, official, clock):
    botnet(client, 20)
    clock.now += 60 * 60 + 1

    assert botnet(client, 1, start=200) == [200]
    assert attempt(client, PASSWORD, "198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_it_never_slows_down_a_browser_that_signed_the_account_in_before(
    client, official, clock
):
    assert attempt(client, PASSWORD, "198.51.100.9").status_code == 302
    assert client.cookies[TRUSTED_COOKIE]["httponly"]
    client.post("/admin/logout/")
    stranger = client.__class__()
    botnet(stranger, 40)

    assert attempt(stranger, PASSWORD, "192.0.2.1").status_code == 429
    assert attempt(client, PASSWORD, "198.51.100.9").status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_it_does_not_trust_a_cookie_of_another_account_or_a_forged_one(
    client, official, django_user_model, clock
):
    django_user_model.objects.create_user("soiro", password=PASSWORD, is_staff=True)
    client.post(LOGIN, {"username": "soiro", "password": PASSWORD, "next": "/"})
    client.post("/admin/logout/")
    botnet(client, 20)

    assert attempt(client, PASSWORD, "198.51.100.9").status_code == 429
    client.cookies[TRUSTED_COOKIE] = "edu"  # unsigned
    assert attempt(client, PASSWORD, "198.51.100.9").status_code == 429


@pytest.mark.django_db
def test_it_keeps_the_lockout_of_one_address_as_it_was(client, official, clock):
    statuses = [
        attempt(client, "неверный", "203.0.113.7").status_code for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    locked = attempt(client, PASSWORD, "203.0.113.7")
    assert "Попробуйте снова через 30 минут" in locked.content.decode()
    assert attempt(client, PASSWORD, "198.51.100.2").status_code == 302
