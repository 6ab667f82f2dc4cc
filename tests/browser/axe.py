"""axe-core in the browser tests: serious and critical accessibility violations on a page.

axe.min.js is vendored under tests/vendor/axe-core (offline; no CDN). It is evaluated in
the page through the DevTools protocol, which the page's Content-Security-Policy does not
govern, so the app's CSP stays as strict as in production.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = (Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text()


def serious_violations(page: Page) -> list[str]:
    """'rule: target' for each serious or critical violation on the page as it is now."""
    page.evaluate(AXE)
    result = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [
        f"{v['id']}: {node['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]
