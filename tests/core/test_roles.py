"""The roles are groups made by a migration, with the permissions DESIGN.md gives them."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def perms(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_a_viewer_may_only_view() -> None:
    assert perms("Viewer") and all(".view_" in p for p in perms("Viewer"))
    assert "objectives.view_progressupdate" in perms("Viewer")


def test_an_updater_may_also_record_progress_but_not_change_it() -> None:
    assert perms("Updater") - perms("Viewer") == {
        "objectives.add_progressupdate",
        "objectives.add_measurement",
        "objectives.add_evidencefile",
    }


def test_only_an_editor_signs_off_a_return() -> None:
    assert "mandates.sign_off_themereturn" in perms("Editor")
    assert "mandates.sign_off_themereturn" not in perms("Updater") | perms("Viewer")
    assert "mandates.view_themereturn" in perms("Viewer")


def test_an_editor_edits_the_documents_and_the_progress() -> None:
    assert {
        "mandates.change_mandate",
        "mandates.change_theme",
        "objectives.change_objective",
        "objectives.change_target",
        "objectives.change_progressupdate",
    } <= perms("Editor")


def test_nobody_may_delete_anything() -> None:
    for role in ("Viewer", "Updater", "Editor"):
        assert not [p for p in perms(role) if ".delete_" in p]
