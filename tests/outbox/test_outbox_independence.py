"""The outbox is infrastructure: it knows nothing of the domain that uses it."""

import ast
from pathlib import Path

OUTBOX = Path(__file__).resolve().parents[2] / "outbox"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module or "")
    return names


def test_it_imports_nothing_from_recommendations_or_stakeholders():
    offending = {
        str(path.relative_to(OUTBOX)): sorted(
            name
            for name in imported_modules(path)
            if name.split(".")[0] in {"recommendations", "stakeholders"}
        )
        for path in OUTBOX.rglob("*.py")
    }

    assert {path: names for path, names in offending.items() if names} == {}
    assert len(offending) >= 6  # the modules were read
