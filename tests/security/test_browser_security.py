"""In Chromium, the Content-Security-Policy blocks nothing the portal needs."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def watch_policy(page) -> list[str]:
    """The browser's complaints about the policy, as they appear in its console."""
    complaints: list[str] = []
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return complaints


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_the_pages_and_the_admin_work_under_the_policy(
    page, live_server, make_recommendation, make_organisation, make_update, admin_user
):
    recommendation = make_recommendation(
        lead=make_organisation(), status="in_progress", progress=40
    )
    make_update(recommendation, progress=40)
    complaints = watch_policy(page)

    page.goto(live_server.url + "/")
    bar = page.locator(".bar span").first
    # The width comes from an inline style attribute, which the policy allows.
    assert bar.evaluate("element => element.style.width") == "40%"
    assert bar.evaluate("element => element.getBoundingClientRect().width") > 0
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert colour == "rgb(11, 79, 138)", "the stylesheet is applied"

    page.goto(live_server.url + recommendation.get_absolute_url())
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/auth/user/add/")
    assert page.locator("#id_username").is_visible()

    assert complaints == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_the_policy_refuses_an_inline_script(page, live_server):
    complaints = watch_policy(page)
    page.goto(live_server.url + "/")

    page.evaluate(
        """() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.appendChild(script);
    }"""
    )

    assert page.evaluate("window.injected === undefined")
    assert complaints and "script-src 'self'" in complaints[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_the_error_and_lockout_pages_look_like_the_portal(
    page, live_server, django_user_model
):
    SHOTS.mkdir(exist_ok=True)
    page.goto(live_server.url + "/no-such-page/")
    assert page.get_by_role("heading", name="Страница не найдена").is_visible()
    page.screenshot(path=SHOTS / "404.png", full_page=True)

    django_user_model.objects.create_user("edu", password="Верный-пароль-2018")
    for _ in range(5):
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "edu")
        page.fill("#id_password", "неверный")
        page.click("input[type=submit]")
    assert page.get_by_role(
        "heading", name="Слишком много неудачных попыток входа"
    ).is_visible()
    page.screenshot(path=SHOTS / "lockout.png", full_page=True)
