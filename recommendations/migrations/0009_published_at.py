from django.db import migrations, models
from django.db.models.functions import Coalesce


def fill_published_at(apps, schema_editor) -> None:
    """Reports published before the field existed: the review time is the
    publication time; one published without a review counts from its creation."""
    StatusUpdate = apps.get_model("recommendations", "StatusUpdate")
    StatusUpdate.objects.filter(state="published", published_at__isnull=True).update(
        published_at=Coalesce("reviewed_at", "created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0008_reporting_schedules"),
    ]

    operations = [
        migrations.AddField(
            model_name="statusupdate",
            name="published_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="published at"
            ),
        ),
        migrations.RunPython(fill_published_at, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="statusupdate",
            index=models.Index(
                models.OrderBy(models.F("published_at"), descending=True),
                condition=models.Q(("state", "published")),
                name="update_last_published",
            ),
        ),
    ]
