"""Reminder moves here from objectives: the state takes over the table objectives made,
which is then renamed for this app, and its content type follows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="objectives", model="reminder").update(
        app_label="reminders"
    )


def relabel_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="reminders", model="reminder").update(
        app_label="objectives"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("objectives", "0012_page_cache_removed_periods_and_reminders_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sent_on", models.DateField()),
                        ("sent_at", models.DateTimeField()),
                        (
                            "objectives",
                            models.TextField(
                                help_text="The references of the overdue objectives listed."
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "objectives_reminder",
                        "ordering": ["-sent_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("recipient", "sent_on"), name="reminder_one_a_day"
                            )
                        ],
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="reminder", table=None),
        migrations.RunPython(relabel_content_type, relabel_back),
    ]
