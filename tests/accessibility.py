"""axe-core, from the npm registry (tests/browser/package.json), run in a page.

The first browser test that needs it installs it with `npm ci` when it is
missing; without npm the test is skipped, and in CI it fails.
"""

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent / "browser"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 900},
}
SERIOUS = ("serious", "critical")


def axe_script() -> Path:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            reason = "npm is not installed: axe-core cannot be installed"
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"],
            cwd=TOOLS,
            check=True,
            timeout=300,
        )
    return AXE


def serious_violations(page) -> list[str]:
    """The page's accessibility violations of impact serious or critical."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


@contextmanager
def axe_page(browser, context_args: dict):
    """A page that may load axe-core despite the portal's Content-Security-Policy."""
    context = browser.new_context(**context_args, bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()
