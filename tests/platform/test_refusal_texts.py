"""Every refusal a user can meet on a page is worded in Swedish for the catalogue: a service, a
page, a file's reader or a query that refuses (``raise NotFound(...)``, ``Conflict``,
``NotPermitted``, ``InvalidInput``, …) or reports a bad row (``RowError``) gives its text marked
with ``N_`` and its changing parts as parameters, never a plain or formatted string; the
catalogue test (``test_translations``) then fails while such a text has no English
translation. The modules that still refuse in plain English are listed here, and the list may
only shrink: a module that is listed but refuses only in marked texts fails the test too."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import samverka

PACKAGE = Path(samverka.__file__).parent
REFUSALS = frozenset(
    {
        "SamverkaError",
        "NotFound",
        "Conflict",
        "ConcurrentChange",
        "DatabaseBusy",
        "RemovalsNotConfirmed",
        "NotPermitted",
        "NotSignedIn",
        "TooManyAttempts",
        "Busy",
        "CsrfRejected",
        "ReceptionNotPossible",
    }
)
# Entry points of the command line only and the demo never reach a page.
NOT_ON_A_PAGE = ("/cli/", "/cli.py", "cli.py", "demo.py", "demo_data.py")

# Still worded in English (shown as they are on a page, in English): to convert, then remove.
STILL_IN_ENGLISH: frozenset[str] = frozenset()


def _plain(node: ast.expr | None) -> bool:
    """A text that is not marked for the catalogue: a string or an f-string as it stands."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, ast.JoinedStr | ast.BinOp) and not isinstance(node, ast.Call)


def _texts_assigned(function: ast.AST) -> dict[str, list[ast.expr]]:
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            assigned.setdefault(node.target.id, []).append(node.value)
    return assigned


def _is_plain(node: ast.expr, assigned: dict[str, list[ast.expr]]) -> bool:
    if isinstance(node, ast.Name):
        return any(_plain(value) for value in assigned.get(node.id, ()))
    if isinstance(node, ast.IfExp):
        return _is_plain(node.body, assigned) or _is_plain(node.orelse, assigned)
    return _plain(node)


def _name(call: ast.Call) -> str:
    func = call.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def plain_refusals(path: Path) -> Iterator[str]:
    """The lines of ``path`` that refuse with a text not marked for the catalogue."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for scope in [tree, *scopes]:
        assigned = _texts_assigned(scope) if scope is not tree else {}
        body = scope.body
        for statement in body:
            for node in ast.walk(statement):
                if not isinstance(node, ast.Call):
                    continue
                name = _name(node)
                if name in REFUSALS and node.args and _is_plain(node.args[0], assigned):
                    yield f"{path.relative_to(PACKAGE)}:{node.lineno} {name}"
                elif name == "RowError" and len(node.args) >= 4:
                    if _is_plain(node.args[3], assigned):
                        yield f"{path.relative_to(PACKAGE)}:{node.lineno} RowError"
                elif name == "add" and len(node.args) >= 4 and _is_plain(node.args[3], assigned):
                    yield f"{path.relative_to(PACKAGE)}:{node.lineno} ErrorLog.add"
                elif name == "RowError":
                    reason = next((k.value for k in node.keywords if k.arg == "reason"), None)
                    if reason is not None and _is_plain(reason, assigned):
                        yield f"{path.relative_to(PACKAGE)}:{node.lineno} RowError"


def _modules() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = "/" + path.relative_to(PACKAGE).as_posix()
        if not relative.endswith(NOT_ON_A_PAGE) and "/cli/" not in relative:
            yield path


def test_every_refusal_that_can_reach_a_page_is_marked_for_the_catalogue() -> None:
    found: dict[str, list[str]] = {}
    for path in _modules():
        for line in plain_refusals(path):
            found.setdefault(path.relative_to(PACKAGE).as_posix(), []).append(line)
    unlisted = {module: lines for module, lines in found.items() if module not in STILL_IN_ENGLISH}
    assert unlisted == {}
    assert sorted(STILL_IN_ENGLISH - set(found)) == []  # converted: take it off the list


def test_the_guard_finds_a_plain_refusal_and_accepts_a_marked_one(tmp_path: Path) -> None:
    module = tmp_path / "service.py"
    module.write_text(
        "def refuse(x):\n"
        "    raise Conflict(f'no {x}')\n"
        "def refuse_marked(x):\n"
        "    raise Conflict(N_('Det finns ingen %(x)s.'), x=x)\n"
        "def row(x):\n"
        "    reason = f'bad {x}'\n"
        "    return RowError('f.csv', 2, 'k', reason)\n"
        "def row_marked(x):\n"
        "    reason = N_('Fel värde %(x)s.')\n"
        "    return RowError('f.csv', 2, 'k', reason, {'x': x})\n",
        encoding="utf-8",
    )
    found = [line.split(" ")[-1] for line in _lines(module)]
    assert found == ["Conflict", "RowError"]


def _lines(path: Path) -> list[str]:
    tree_lines = []
    global PACKAGE
    saved, PACKAGE = PACKAGE, path.parent
    try:
        tree_lines = sorted(set(plain_refusals(path)))
    finally:
        PACKAGE = saved
    return tree_lines
