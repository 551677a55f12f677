"""The shape of the code, checked: the core imports no domain app, no module reaches
into another's private names, and no module but a migration grows past 600 lines."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = {"offices", "jet", "sistercities", "cooperation", "multicultural", "training"}
MAX_LINES = 600


def python_files(*under: str):
    for folder in under or (".",):
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if ".venv" in parts or ".data" in parts or "migrations" in parts:
                continue
            yield path


def imported_modules(tree: ast.AST):
    """(line, module, names) for every import, at module level or inside a function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def test_the_core_imports_no_domain_app():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files("clair_portal")
        if "tests" not in path.relative_to(ROOT).parts
        for line, module, _names in imported_modules(ast.parse(path.read_text()))
        if module.split(".")[0] in DOMAIN_APPS
    ]
    assert found == [], "clair_portal must reach the apps through hooks:\n" + "\n".join(found)


def test_no_module_imports_another_modules_private_names():
    found = [
        f"{path.relative_to(ROOT)}:{line} takes {name} from {module}"
        for path in python_files()
        for line, module, names in imported_modules(ast.parse(path.read_text()))
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert found == [], "make the name public or keep it in its module:\n" + "\n".join(found)


def test_no_module_but_a_migration_is_over_600_lines():
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in python_files()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == [], "split these along their section markers:\n" + "\n".join(long)


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("from offices.models import Office\n", "offices"),
        ("def f():\n    from jet import services\n", "jet"),
    ],
)
def test_the_import_scan_sees_module_level_and_nested_imports(source, problem):
    modules = [module for _line, module, _n in imported_modules(ast.parse(source))]
    assert [m.split(".")[0] for m in modules] == [problem]
