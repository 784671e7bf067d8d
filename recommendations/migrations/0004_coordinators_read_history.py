"""Coordinators read the audit trail of recommendations, assignments,
organisations and memberships; nobody may change it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HISTORY = {
    "recommendations": ["historicalrecommendation", "historicalassignment"],
    "stakeholders": ["historicalorganisation", "historicalmembership"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    for app_label, models in HISTORY.items():
        for model in models:
            coordinators.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=f"view_{model}",
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name="Coordinators").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                codename__in=[
                    f"view_{model}" for models in HISTORY.values() for model in models
                ]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0003_history"),
        ("stakeholders", "0002_history"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
