"""The apps import one way: each only from those below it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Lowest first; an app may import itself and the apps before it, never one after it.
ORDER = ["core", "sso", "mandates", "objectives", "summaries", "reminders", "api"]
# Above the shipped apps: may use any of them, and none of them may use it.
DEV_ONLY = "devtools"


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names & {*ORDER, DEV_ONLY}


@pytest.mark.parametrize("app", ORDER)
def test_an_app_imports_only_itself_and_the_apps_below_it(app: str) -> None:
    allowed = set(ORDER[: ORDER.index(app) + 1])
    if app == "reminders":  # beside summaries, not above it
        allowed.discard("summaries")
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }
    assert wrong == {}


def test_the_lowest_app_imports_no_other() -> None:
    assert all(imported_apps(path) <= {"core"} for path in (ROOT / "core").rglob("*.py"))


def test_config_imports_no_development_tool_at_import_time() -> None:
    # config/urls.py imports the floor page only when BENCH_FLOOR is on, inside that branch.
    tree = ast.parse((ROOT / "config" / "urls.py").read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    assert all(not (node.module or "").startswith(DEV_ONLY) for node in top_level)
