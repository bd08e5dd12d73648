"""Create the role groups with their permissions (objectives/roles.py says what each may do)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here, not imported, so that this migration means the same thing forever;
# a later change of roles comes as a new migration.
ROLE_PERMISSIONS = {
    "Viewer": [
        "mandates.view_mandate",
        "mandates.view_theme",
        "objectives.view_objective",
        "objectives.view_target",
        "objectives.view_objectivelink",
        "objectives.view_progressupdate",
    ],
}
ROLE_PERMISSIONS["Updater"] = [*ROLE_PERMISSIONS["Viewer"], "objectives.add_progressupdate"]
ROLE_PERMISSIONS["Editor"] = [
    *ROLE_PERMISSIONS["Viewer"],
    "mandates.add_mandate",
    "mandates.change_mandate",
    "mandates.add_theme",
    "mandates.change_theme",
    "objectives.add_objective",
    "objectives.change_objective",
    "objectives.add_target",
    "objectives.change_target",
    "objectives.add_objectivelink",
    "objectives.change_objectivelink",
    "objectives.add_progressupdate",
    "objectives.change_progressupdate",
]


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so the
    # groups can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mandates", "0001_initial"),
        ("objectives", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
