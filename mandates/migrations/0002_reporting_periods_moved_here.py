"""ReportingPeriod (and its history) moves here from objectives: the state takes over the
table objectives made, which is then renamed for this app, and the content types follow,
so the permissions the roles were given stay theirs."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED = ("reportingperiod", "historicalreportingperiod")


def relabel_content_types(apps, schema_editor):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="objectives", model__in=MOVED).update(app_label="mandates")


def relabel_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="mandates", model__in=MOVED).update(app_label="objectives")


class Migration(migrations.Migration):
    dependencies = [
        ("mandates", "0001_initial"),
        ("objectives", "0012_page_cache_removed_periods_and_reminders_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalReportingPeriod",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("start", models.DateField()),
                        ("end", models.DateField()),
                        (
                            "due",
                            models.DateField(
                                help_text="Updates for this quarter are due by this day."
                            ),
                        ),
                        ("closed_at", models.DateTimeField(blank=True, null=True)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "closed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "mandate",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="mandates.mandate",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "objectives_historicalreportingperiod",
                        "verbose_name": "historical reporting period",
                        "verbose_name_plural": "historical reporting periods",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ReportingPeriod",
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
                        ("start", models.DateField()),
                        ("end", models.DateField()),
                        (
                            "due",
                            models.DateField(
                                help_text="Updates for this quarter are due by this day."
                            ),
                        ),
                        ("closed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "closed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="closed_periods",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "mandate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="periods",
                                to="mandates.mandate",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "objectives_reportingperiod",
                        "ordering": ["mandate", "start"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("mandate", "start"), name="period_unique_per_mandate"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("end__gt", models.F("start"))),
                                name="period_ends_after_start",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("due__gte", models.F("end"))),
                                name="period_due_after_end",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(
                                        ("closed_at__isnull", True), ("closed_by__isnull", True)
                                    ),
                                    models.Q(
                                        ("closed_at__isnull", False), ("closed_by__isnull", False)
                                    ),
                                    _connector="OR",
                                ),
                                name="period_closed_by_someone",
                            ),
                        ],
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="historicalreportingperiod", table=None),
        migrations.AlterModelTable(name="reportingperiod", table=None),
        migrations.RunPython(relabel_content_types, relabel_back),
    ]
