"""The sweep of the outbox, every minute: retries, and messages whose hand-off
to the job engine was lost (the broker was away when they were queued)."""

from django.db import migrations
from django.utils import timezone

SWEEP = "outbox-deliver-due"


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=SWEEP,
        defaults={
            "func": "outbox.tasks.deliver_due",
            "schedule_type": "I",  # every `minutes` minutes
            "minutes": 1,
            "repeats": -1,
            "next_run": timezone.now(),
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=SWEEP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0002_coordinators_read_the_outbox"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
