"""Editors sign off or send back a theme's quarterly return; everyone may see the decision."""

from django.db import migrations

from core.role_grants import grant

GRANTS = {
    "Viewer": ["view_themereturn"],
    "Updater": ["view_themereturn"],
    "Editor": ["view_themereturn", "sign_off_themereturn"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0015_bounds"),
        ("mandates", "0006_theme_return"),
    ]

    operations = [migrations.RunPython(grant("mandates", GRANTS), migrations.RunPython.noop)]
