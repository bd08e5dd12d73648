"""The objectives list's page cache goes: its data-version triggers and table are dropped.
ReportingPeriod and Reminder leave this app for mandates and reminders; their tables stay
as they are here and are taken over (and renamed) by those apps' migrations."""

from django.db import migrations

# The tables migration 0011 put triggers on.
TRACKED = (
    "mandates_mandate",
    "mandates_theme",
    "objectives_objective",
    "objectives_reportingperiod",
    "auth_user",
)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in TRACKED:
            run(f"DROP TRIGGER IF EXISTS objectives_data_version ON {table}")
        run("DROP FUNCTION IF EXISTS objectives_data_version_bump()")
    else:
        for table in TRACKED:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS objectives_data_version_{table}_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0011_data_version"),
    ]

    operations = [
        # No way back: the page cache is gone from the code that read it.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalReportingPeriod"),
                migrations.DeleteModel(name="ReportingPeriod"),
                migrations.DeleteModel(name="Reminder"),
            ]
        ),
    ]
