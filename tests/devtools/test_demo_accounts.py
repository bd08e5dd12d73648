from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_makes_one_account_per_role_and_prints_how_to_log_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password")
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)

    assert "a-demo-password" in out.getvalue()
    roles = {
        u.username: [g.name for g in u.groups.all()]
        for u in User.objects.prefetch_related("groups")
    }
    assert roles == {
        "viewer": ["Viewer"],
        "updater": ["Updater"],
        "editor": ["Editor"],
        "admin": [],
    }
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.filter(is_superuser=True).count() == 1
    assert User.objects.get(username="updater").check_password("a-demo-password")


def test_running_it_again_resets_rather_than_duplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    call_command("create_demo_accounts", stdout=StringIO())
    monkeypatch.setenv("DEMO_PASSWORD", "second")
    call_command("create_demo_accounts", stdout=StringIO())
    assert User.objects.count() == 4
    assert User.objects.get(username="editor").check_password("second")


def test_it_refuses_outside_development(settings: object) -> None:
    settings.DEMO_ACCOUNTS_ALLOWED = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_accounts", stdout=StringIO())
    assert not User.objects.exists()
