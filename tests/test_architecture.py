"""Import rules that import-linter cannot express (it forbids no subpackage of an external package)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> list[tuple[Path, str]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found += [(path, node.module)] + [(path, f"{node.module}.{a.name}") for a in node.names]
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("printers", "PySide6.QtWidgets"), ("kiosk", "PySide6")])
def test_package_never_imports(package: str, forbidden: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, name in imported_modules(package)
        if name == forbidden or name.startswith(forbidden + ".")
    ]
    assert offenders == []


def test_the_check_itself_sees_imports() -> None:
    names = {name for _path, name in imported_modules("kiosk")}
    assert "sqlalchemy.orm.Session" in names and "kiosk.models" in names
