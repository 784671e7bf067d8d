"""The reminder pass, every day at 07:00 Moscow time, before the working day.

A daily schedule keeps the time of its first run: each run moves `next_run` on
by one day (Moscow keeps no summer time). After downtime it runs once
(`catch_up` off), and that one pass catches up (reminders/services.py).
"""

import datetime
import zoneinfo

from django.db import migrations
from django.utils import timezone

PASS = "reminders-daily"
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def next_seven_oclock() -> datetime.datetime:
    now = timezone.now().astimezone(MOSCOW)
    seven = now.replace(hour=7, minute=0, second=0, microsecond=0)
    return seven if seven > now else seven + datetime.timedelta(days=1)


def schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=PASS,
        defaults={
            "func": "reminders.tasks.send_reminders",
            "schedule_type": "D",  # daily
            "repeats": -1,
            "next_run": next_seven_oclock(),
        },
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=PASS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0002_who_reads_reminders"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
