"""Give the roles their permissions on measurements: Viewers read them, Updaters and
Editors record them, Editors correct them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Viewer": ["view_measurement"],
    "Updater": ["view_measurement", "add_measurement"],
    "Editor": ["view_measurement", "add_measurement", "change_measurement"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("objectives")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="objectives", codename__in=codenames
        )
        Group.objects.get(name=role).permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="objectives", codename__in=codenames
        )
        Group.objects.get(name=role).permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("objectives", "0003_measurement"), ("objectives", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
