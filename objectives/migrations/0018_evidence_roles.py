"""Updaters and Editors attach evidence files to updates; everyone may see them."""

from django.db import migrations

from core.role_grants import grant

GRANTS = {
    "Viewer": ["view_evidencefile"],
    "Updater": ["view_evidencefile", "add_evidencefile"],
    "Editor": ["view_evidencefile", "add_evidencefile"],
}


class Migration(migrations.Migration):
    dependencies = [("objectives", "0017_evidence_files")]

    operations = [migrations.RunPython(grant("objectives", GRANTS), migrations.RunPython.noop)]
