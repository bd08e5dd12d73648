"""The data version (objectives.models.DataVersion) and the triggers that change it."""

import uuid

from django.db import migrations, models

# The tables whose writes can change the objectives list, and for each the columns an
# UPDATE must touch to matter (None: any). A login updates only auth_user.last_login.
TRACKED = {
    "mandates_mandate": None,
    "mandates_theme": None,
    "objectives_objective": None,
    "objectives_reportingperiod": None,
    "auth_user": ("first_name", "last_name", "username"),
}

POSTGRES_BUMP = """
CREATE FUNCTION objectives_data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO objectives_dataversion (id, token) VALUES (1, gen_random_uuid()::text)
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$;
"""
# Once per statement, not per row: a bulk insert of a million rows changes it once.
POSTGRES_TRIGGER = """
CREATE TRIGGER objectives_data_version AFTER INSERT OR DELETE OR TRUNCATE OR {update}
ON {table} FOR EACH STATEMENT EXECUTE FUNCTION objectives_data_version_bump();
"""
# SQLite has row triggers only; its writes are one at a time anyway.
SQLITE_TRIGGER = """
CREATE TRIGGER objectives_data_version_{table}_{event} AFTER {event_sql} ON {table}
BEGIN
    INSERT OR REPLACE INTO objectives_dataversion (id, token)
    VALUES (1, lower(hex(randomblob(16))));
END;
"""


def update_event(columns: tuple[str, ...] | None) -> str:
    return "UPDATE" if columns is None else f"UPDATE OF {', '.join(columns)}"


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    run = schema_editor.execute
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        run(POSTGRES_BUMP)
        for table, columns in TRACKED.items():
            run(POSTGRES_TRIGGER.format(table=table, update=update_event(columns)))
    elif vendor == "sqlite":
        for table, columns in TRACKED.items():
            for event, event_sql in (
                ("insert", "INSERT"),
                ("update", update_event(columns)),
                ("delete", "DELETE"),
            ):
                run(SQLITE_TRIGGER.format(table=table, event=event, event_sql=event_sql))
    else:
        raise NotImplementedError(f"No data-version triggers for {vendor}")
    run("INSERT INTO objectives_dataversion (id, token) VALUES (1, %s)", [uuid.uuid4().hex])


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    # IF EXISTS: migrating back from 0012 or later finds them gone already (0012 dropped
    # them, and its way back does not make them again).
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
        ("objectives", "0010_update_reasons_as_text"),
        ("mandates", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
