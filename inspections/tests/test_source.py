"""Rules about the code itself, checked by reading the source.

Errors surface instead of turning into quiet empty results, and data flows one way between apps
(every app is installed, so none is imported "if present").
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = (
    "accounts",
    "notifications",
    "followups",
    "monitoring",
    "inspections",
    "documents",
    "fieldwork",
    "surveys",
    "tracking",
    "evaluation",
    "reports",
    "config",
    "bench",
)

#: The one catch-all allowed: the PDF task records why it failed before Celery sees the error.
ALLOWED_CATCH_ALLS = {("reports/tasks.py", "render_report_pdf")}

#: Each app may import only apps on its own layer of the base, or on a lower layer.
LAYERS = {
    "accounts": 0,  # the user model and rules.py, which reads team membership
    "inspections": 0,
    "notifications": 0,  # e-mail is sent from any app's services
    "surveys": 1,
    "tracking": 1,
    "documents": 2,  # the information request shows the case list's status
    "fieldwork": 2,  # the plan shows tracking meetings and refuses a child's reference
    "evaluation": 3,  # evidence links to children, documents and survey results
    "monitoring": 4,  # a monitoring inspection reads the full inspection's areas for priority action
    "followups": 5,  # plans, meetings and the programme read the outcome, monitoring, and upload like documents
    "reports": 6,  # reads everything, and seeds the whole demo
}

#: Calls against the flow, each explained in an ADR.
ALLOWED_UPWARD = {
    ("inspections/services.py", "surveys.services"),  # announcing opens the surveys (ADR 7)
    # The hourly reminders read the reports and surveys they remind about (ADR 82).
    ("notifications/services.py", "reports.models"),
    ("notifications/services.py", "surveys.models"),
    ("notifications/services.py", "surveys.selectors"),
}


def _python_files(*, with_tests: bool) -> list[Path]:
    files = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if not with_tests and "tests" in path.relative_to(ROOT).parts:
                continue
            files.append(path)
    return files


def _swallows_everything(handler: ast.ExceptHandler, caught: set[str]) -> bool:
    """``except Exception`` or a bare ``except``; ``except BaseException`` only if it does not re-raise.

    Clean-up that must also run on an interrupt (delete half-written files, close a handle) catches
    ``BaseException`` and ends with a bare ``raise``: nothing is swallowed.
    """
    if caught & {"Exception", "<bare>"}:
        return True
    if "BaseException" in caught:
        last = handler.body[-1]
        return not (isinstance(last, ast.Raise) and last.exc is None)
    return False


def _catch_alls(tree: ast.AST):
    """(function name, line) of each handler that catches everything."""

    def names(node: ast.expr | None) -> set[str]:
        if node is None:
            return {"<bare>"}
        if isinstance(node, ast.Tuple):
            return set().union(*(names(e) for e in node.elts))
        if isinstance(node, ast.Name):
            return {node.id}
        if isinstance(node, ast.Attribute):
            return {node.attr}
        return set()

    def walk(node: ast.AST, function: str):
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.ExceptHandler) and _swallows_everything(child, names(child.type)):
                yield name, child.lineno
            yield from walk(child, name)

    yield from walk(tree, "<module>")


def test_no_catch_all_except_outside_the_pdf_task():
    found = []
    for path in _python_files(with_tests=True):
        relative = path.relative_to(ROOT).as_posix()
        for function, line in _catch_alls(ast.parse(path.read_text(), filename=relative)):
            if (relative, function) not in ALLOWED_CATCH_ALLS:
                found.append(f"{relative}:{line} in {function}")
    assert found == [], "catch the errors a user can cause, not everything"


def test_the_scan_sees_a_catch_all():
    code = "def f():\n    try:\n        g()\n    except (ValueError, Exception):\n        pass\n"
    assert list(_catch_alls(ast.parse(code))) == [("f", 4)]
    clean_up = "try:\n    g()\nexcept BaseException:\n    tidy()\n    raise\n"
    assert list(_catch_alls(ast.parse(clean_up))) == []
    assert list(_catch_alls(ast.parse(clean_up.replace("    raise\n", "")))) == [("<module>", 3)]


def _imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in {"import_module", "__import__", "import_string", "is_installed"}:
                found.add(f"<dynamic import: {called}>")
    return found


def test_apps_import_one_way_and_never_by_name():
    wrong = []
    for path in _python_files(with_tests=False):
        parts = path.relative_to(ROOT).parts
        app = parts[0]
        if app not in LAYERS:
            continue
        for module in _imported_modules(ast.parse(path.read_text())):
            if module.startswith("<dynamic"):
                wrong.append(f"{'/'.join(parts)}: {module}")
                continue
            other = module.split(".")[0]
            if other == app or other not in LAYERS or ("/".join(parts), module) in ALLOWED_UPWARD:
                continue
            if LAYERS[other] > LAYERS[app] or (LAYERS[other] == LAYERS[app] and LAYERS[app] != 0):
                wrong.append(f"{'/'.join(parts)} imports {module}")
    assert wrong == []
