"""The two roles of DESIGN.md as Django groups with their model permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICIALS = {
    "stakeholders": {"addresseegroup": ["view"], "organisation": ["view"]},
    "recommendations": {
        "resolution": ["view"],
        "recommendation": ["view"],
        "assignment": ["view"],
        "statusupdate": ["view", "add", "change"],
    },
}
COORDINATORS = {
    "auth": {"user": ["view", "add", "change"], "group": ["view"]},
    "stakeholders": {
        "addresseegroup": ["view", "add", "change"],
        "organisation": ["view", "add", "change"],
        "membership": ["view", "add", "change", "delete"],
    },
    "recommendations": {
        "resolution": ["view", "add", "change"],
        "recommendation": ["view", "add", "change", "export_report"],
        "assignment": ["view", "add", "change", "delete"],
        # Never "delete": published history is append-only.
        "statusupdate": ["view", "add", "change", "publish_statusupdate"],
    },
}


def _codename(action: str, model: str) -> str:
    """"view" means "view_<model>"; a custom permission is named in full."""
    return action if "_" in action else f"{action}_{model}"


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in (("Officials", OFFICIALS), ("Coordinators", COORDINATORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                for action in actions:
                    group.permissions.add(
                        Permission.objects.get(
                            content_type__app_label=app_label,
                            content_type__model=model,
                            codename=_codename(action, model),
                        )
                    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Officials", "Coordinators"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
        ("stakeholders", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
