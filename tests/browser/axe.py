"""axe-core in a real browser: vendored from npm by static/frontend/build.sh into
tests/browser/vendor/, it checks a page against WCAG 2.1 A and AA. A page fails on a
violation axe rates "serious" or "critical"; its lesser findings are listed in the failure
message too, to be read alongside. The `audit` fixture (tests/browser/conftest.py) gives a
test an Audit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route, expect

from tests.browsing import shot

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Served to the page by page.route, never by the app: a same-origin script, which a
# Content Security Policy of script-src 'self' allows where an inline one is refused.
AXE_URL = "/static/__axe__.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}


def _serve_axe(route: Route) -> None:
    route.fulfill(path=AXE_JS, content_type="text/javascript; charset=utf-8")


def inject_axe(page: Page) -> None:
    """Put axe on the page: from a same-origin URL (allowed by script-src 'self'), or,
    failing that, inlined (allowed where there is no policy)."""
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    page.route(f"**{AXE_URL}", _serve_axe)
    try:
        page.add_script_tag(url=AXE_URL)
    except PlaywrightError:
        page.add_script_tag(path=AXE_JS)
    assert page.evaluate("typeof window.axe !== 'undefined'"), "axe-core did not load"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    inject_axe(page)
    results = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
            })))""",
        WCAG_TAGS,
    )
    return results  # type: ignore[no-any-return]


def duplicate_ids(page: Page) -> list[dict[str, Any]]:
    """axe 4.x no longer looks for duplicate ids (WCAG 2.2 dropped 4.1.1 Parsing), but a
    label, an error summary's link or aria-describedby aimed at a repeated id goes astray."""
    repeated = page.evaluate(
        """() => {
            const seen = {};
            for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;
            return Object.keys(seen).filter(id => seen[id] > 1);
        }"""
    )
    return (
        [
            {
                "id": "duplicate-id",
                "impact": "serious",
                "help": "ids must be unique",
                "nodes": [{"target": f"#{i}", "summary": "repeated"} for i in repeated],
            }
        ]
        if repeated
        else []
    )


class Audit:
    """Runs axe on page after page and keeps what it finds, so that one test reports every
    page's problems at once."""

    def __init__(self) -> None:
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, page: Page, name: str) -> None:
        expect(page.locator("h1").first).to_be_visible()
        self.found[name] = axe_violations(page) + duplicate_ids(page)
        shot(page, f"a11y-{name}")

    def report(self) -> str:
        """Every finding, page by page, when one of them fails; nothing when none does."""
        if not any(v["impact"] in FAILING_IMPACTS for found in self.found.values() for v in found):
            return ""
        lines = ["axe found accessibility violations:"]
        for name, found in self.found.items():
            for violation in found:
                mark = "FAIL" if violation["impact"] in FAILING_IMPACTS else "note"
                lines.append(
                    f"[{mark}] {name}: {violation['id']} ({violation['impact']}) {violation['help']}"
                )
                for node in violation["nodes"][:5]:
                    summary = " ".join(node["summary"].split())
                    lines.append(f"      {node['target']}: {summary}")
        return "\n".join(lines)

    def assert_clean(self) -> None:
        if report := self.report():
            pytest.fail(report, pytrace=False)
