"""Coordinators manage accounts, but cannot hand out more than the two roles."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse


@pytest.mark.django_db
def test_it_lets_a_coordinator_grant_only_the_portals_roles(client, coordinator):
    Group.objects.create(name="Администраторы сервера")
    client.force_login(coordinator)
    user = User.objects.create_user("new-official", is_staff=True)

    form = (
        client.get(reverse("admin:auth_user_change", args=[user.pk]))
        .context["adminform"]
        .form
    )

    assert set(form.fields["groups"].queryset.values_list("name", flat=True)) == {
        "Officials",
        "Coordinators",
    }
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


@pytest.mark.django_db
def test_it_does_not_let_a_coordinator_change_a_superuser(client, coordinator):
    root = User.objects.create_superuser("root", "root@example.ru", "pw")
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:auth_user_change", args=[root.pk]),
        {"username": "root", "is_active": ""},
    )

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active


@pytest.mark.django_db
def test_it_keeps_accounts_away_from_officials(
    client, make_official, make_organisation
):
    official = make_official(make_organisation())
    client.force_login(official)

    response = client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 403
