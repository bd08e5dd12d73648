"""Migrations that give the role groups permissions on one app's models, and take them back.

Each migration keeps its own frozen table of grants; only the way of applying one is shared,
so every such migration makes the app's permissions first (Django otherwise makes them
after all migrations have run) and then adds them to the groups the same way."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.contrib.auth.management import create_permissions

Grants = Mapping[str, Sequence[str]]  # role -> permission codenames in the app
MigrationStep = Callable[[Any, Any], None]


def _permissions(apps: Any, app_label: str, codenames: Sequence[str]) -> Any:
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def grant(app_label: str, grants: Grants) -> MigrationStep:
    """A RunPython step adding each role's permissions on the app's models."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        Group = apps.get_model("auth", "Group")
        for role, codenames in grants.items():
            Group.objects.get(name=role).permissions.add(*_permissions(apps, app_label, codenames))

    return forwards


def revoke(app_label: str, grants: Grants) -> MigrationStep:
    """The RunPython step undoing `grant`'s."""

    def backwards(apps: Any, schema_editor: Any) -> None:
        Group = apps.get_model("auth", "Group")
        for role, codenames in grants.items():
            Group.objects.get(name=role).permissions.remove(
                *_permissions(apps, app_label, codenames)
            )

    return backwards
