"""Editors close reporting periods and move their due dates; everyone may see them."""

from django.db import migrations

from core.role_grants import grant

GRANTS = {
    "Viewer": ["view_reportingperiod"],
    "Updater": ["view_reportingperiod"],
    "Editor": ["view_reportingperiod", "change_reportingperiod"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0006_reporting_periods_for_loaded_mandates"),
        ("objectives", "0004_measurement_roles"),
    ]

    operations = [migrations.RunPython(grant("objectives", GRANTS), migrations.RunPython.noop)]
