"""No test module imports another test module: shared helpers live in helper modules."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(dotted: str) -> bool:
    return any(part.startswith("test_") for part in dotted.split("."))


def imports_of_test_modules(source: str) -> list[str]:
    """The test modules `source` imports, as written ('tests.gui.test_night_entry', '.test_x')."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _is_test_module(a.name)]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if _is_test_module(module):
                found.append(module)
            else:
                found += [f"{module}.{a.name}" for a in node.names if a.name.startswith("test_")]
    return found


def test_the_checker_sees_every_way_of_importing_a_test_module() -> None:
    source = (
        "import tests.gui.test_history\n"
        "from tests.gui.test_night_entry import log\n"
        "from .test_csv_read import folder\n"
        "from tests.unit import test_words\n"
        "from tests.gui.pages_helpers import show\n"
    )
    assert imports_of_test_modules(source) == [
        "tests.gui.test_history",
        "tests.gui.test_night_entry",
        ".test_csv_read",
        "tests.unit.test_words",
    ]


def test_no_test_module_imports_another() -> None:
    offenders = {
        str(path.relative_to(TESTS)): found
        for path in sorted(TESTS.rglob("*.py"))
        if (found := imports_of_test_modules(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "move the shared helpers into a helpers module"
