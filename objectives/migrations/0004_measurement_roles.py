"""Give the roles their permissions on measurements: Viewers read them, Updaters and
Editors record them, Editors correct them."""

from django.db import migrations

from core.role_grants import grant, revoke

GRANTS = {
    "Viewer": ["view_measurement"],
    "Updater": ["view_measurement", "add_measurement"],
    "Editor": ["view_measurement", "add_measurement", "change_measurement"],
}


class Migration(migrations.Migration):
    dependencies = [("objectives", "0003_measurement"), ("objectives", "0002_roles")]

    operations = [migrations.RunPython(grant("objectives", GRANTS), revoke("objectives", GRANTS))]
