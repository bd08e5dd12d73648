"""The database cache's table (config.settings CACHES), where the API's rate counts are
kept: made by Django's createcachetable, which does nothing for a cache of another kind
and leaves a table that is already there."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
