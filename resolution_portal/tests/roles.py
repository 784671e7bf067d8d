"""The roles of the data migration, for tests that empty the tables.

A test with `transaction=True` truncates every table when it ends, the groups
made by `recommendations/migrations/0002_roles.py` included; Django brings back
content types and permissions, not groups. Such tests ask for `roles` first.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission


@pytest.fixture
def roles(transactional_db) -> None:
    migration = importlib.import_module("recommendations.migrations.0002_roles")
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    for name, grants in (
        ("Officials", migration.OFFICIALS),
        ("Coordinators", migration.COORDINATORS),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label,
                        content_type__model=model,
                        codename__in=[
                            migration._codename(action, model) for action in actions
                        ],
                    )
                )
