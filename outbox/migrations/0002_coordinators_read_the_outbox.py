"""Coordinators read the outbox and may send undelivered e-mail again;
officials do not see it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = ["view_outboxmessage", "retry_outboxmessage"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("outbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    coordinators, _ = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="outbox", codename__in=GRANTS
        )
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.filter(name="Coordinators").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="outbox", codename__in=GRANTS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
