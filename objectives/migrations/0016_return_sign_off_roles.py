"""Editors sign off or send back a theme's quarterly return; everyone may see the decision."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Viewer": ["view_themereturn"],
    "Updater": ["view_themereturn"],
    "Editor": ["view_themereturn", "sign_off_themereturn"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("mandates")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="mandates", codename__in=codenames
        )
        Group.objects.get(name=role).permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0015_bounds"),
        ("mandates", "0006_theme_return"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
