"""Updaters and Editors attach evidence files to updates; everyone may see them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Viewer": ["view_evidencefile"],
    "Updater": ["view_evidencefile", "add_evidencefile"],
    "Editor": ["view_evidencefile", "add_evidencefile"],
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


class Migration(migrations.Migration):
    dependencies = [("objectives", "0017_evidence_files")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
