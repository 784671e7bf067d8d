"""Guessing passwords in the admin is stopped; an idle admin session ends."""

import datetime
import logging
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone, translation

from resolution_portal.middleware import LAST_ACTIVITY_KEY
from resolution_portal.security import client_ip

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fast_hashing(settings) -> None:
    # Dozens of logins here; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def official(django_user_model):
    return django_user_model.objects.create_user(
        "edu", password="Верный-пароль-2018", is_staff=True
    )


def attempt(client, password: str, **extra):
    return client.post(
        LOGIN, {"username": "edu", "password": password, "next": "/admin/"}, **extra
    )


def fail(client, times: int, **extra) -> list[int]:
    return [attempt(client, "неверный", **extra).status_code for _ in range(times)]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_locks_the_account_out_of_an_address_after_five_failures(
    client, official, caplog
):
    with caplog.at_level(logging.WARNING, logger="resolution_portal.security"):
        assert fail(client, 5) == [200, 200, 200, 200, 429]

    response = attempt(client, "Верный-пароль-2018")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Вход заблокирован" in page
    assert "после 5 неудачных попыток" in page
    assert "Попробуйте снова через 30 минут" in page
    assert not signed_in(client)
    assert AccessAttempt.objects.get(username="edu").failures_since_start >= 5
    assert "Login locked out after repeated failures" in caplog.messages


@pytest.mark.django_db
def test_it_still_lets_the_account_in_from_another_address(client, official):
    fail(client, 5, REMOTE_ADDR="203.0.113.7")

    response = attempt(client, "Верный-пароль-2018", REMOTE_ADDR="198.51.100.2")

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_it_forgets_the_failures_after_a_successful_login(client, official):
    assert fail(client, 4) == [200] * 4
    assert attempt(client, "Верный-пароль-2018").status_code == 302
    client.logout()

    assert fail(client, 4) == [200] * 4


@pytest.mark.django_db
def test_it_lets_the_account_in_again_after_the_cool_off(client, official):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=31)
    )

    assert attempt(client, "Верный-пароль-2018").status_code == 302


@pytest.mark.django_db
def test_it_counts_failures_against_the_client_behind_the_proxy(
    client, official, settings
):
    settings.PROXY_COUNT = 1
    nginx = {"REMOTE_ADDR": "127.0.0.1"}
    # The client wrote a false address into the header; nginx appended the real one.
    attacker = nginx | {"HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.7"}
    colleague = nginx | {"HTTP_X_FORWARDED_FOR": "198.51.100.2"}

    assert fail(client, 5, **attacker)[-1] == 429

    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    assert attempt(client, "Верный-пароль-2018", **colleague).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "meta", "address"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.1.1.1"}, None),
        (
            1,
            {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 2.2.2.2"},
            1,
        ),
        (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 2.2.2.2"}, 0),
        (2, {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "2.2.2.2"}, None),
    ],
)
def test_it_reads_the_client_address_only_from_trusted_proxies(
    settings, proxies, meta, address
):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", **meta)
    hops = ["1.1.1.1", "2.2.2.2"]

    expected = meta["REMOTE_ADDR"] if address is None else hops[address]
    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("1234567", "слишком короткий"),
        ("31415926535", "состоит только из цифр"),
        ("password123", "слишком широко распространён"),
        ("edu-official", "слишком похож на"),
    ],
)
def test_it_refuses_weak_passwords_in_russian(django_user_model, password, complaint):
    user = django_user_model(username="edu-official", email="edu@example.ru")

    with translation.override("ru"), pytest.raises(ValidationError) as error:
        validate_password(password, user)

    assert complaint in " ".join(error.value.messages)


@pytest.fixture
def admin_client_at(client, admin_user):
    client.force_login(admin_user)

    def at(seconds_ago: int):
        session = client.session
        session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
        session.save()
        return client

    return at


@pytest.mark.django_db
def test_it_ends_an_admin_session_after_thirty_idle_minutes(admin_client_at):
    client = admin_client_at(31 * 60)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302)]
    assert "Сеанс завершён после 30 минут бездействия" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.django_db
def test_it_keeps_an_active_session_and_counts_from_the_last_request(
    admin_client_at,
):
    client = admin_client_at(29 * 60)

    assert client.get("/admin/").status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 60
    assert signed_in(client)


@pytest.mark.django_db
def test_it_writes_the_session_at_most_once_a_minute(admin_client_at):
    client = admin_client_at(10)
    stamp = client.session[LAST_ACTIVITY_KEY]

    response = client.get("/admin/password_change/")

    assert response.status_code == 200
    assert client.session[LAST_ACTIVITY_KEY] == stamp


@pytest.mark.django_db
def test_it_starts_counting_at_sign_in_without_an_extra_write(
    client, admin_user, django_assert_num_queries
):
    client.force_login(admin_user)
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 60

    # The session, the user, then the page: no UPDATE of the session.
    with django_assert_num_queries(2):
        client.get("/admin/password_change/")


@pytest.mark.django_db
def test_the_idle_limit_is_a_setting(admin_client_at, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = admin_client_at(6 * 60)

    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_code_can_still_sign_in_without_a_request(client, official):
    assert client.login(username="edu", password="Верный-пароль-2018")
    assert client.get("/admin/").status_code == 200
