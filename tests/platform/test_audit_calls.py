"""Every audit event is recorded through the platform's one helper, from objects, never from a
dictionary built by hand (``samverka.platform.services.audit_records``): a scan of the source.

Source: issue 11, point 9 (every change in the audit trail, before and after);
``docs/security.md``, "Audit trail". The scan reads every module under ``src/samverka`` and
refuses:

* an ``AuditEvent(...)`` built outside the platform;
* a call of a trail's ``record`` or ``record_many`` outside the helper (``audit.record(…)``);
* a ``record_change``, ``record``, or ``Change`` whose before or after is a dictionary literal
  or comprehension, or a name the same function bound to one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "samverka"
PLATFORM = SOURCE / "platform"
HELPER = PLATFORM / "services" / "audit_records.py"
RECORDERS = {"record", "record_change"}  # before and after as keywords
CHANGE = "Change"  # before and after as keywords, or its 4th and 5th argument
DICTIONARIES = (ast.Dict, ast.DictComp)


def offences(tree: ast.AST, *, in_platform: bool, is_helper: bool) -> list[tuple[int, str]]:
    """Every audit call in ``tree`` that breaks the rules of the module docstring."""
    found: list[tuple[int, str]] = []
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]
    for scope in scopes:
        bound = _bound_to_dictionaries(scope)
        for call in _calls(scope):
            name = _name(call.func)
            if name == "AuditEvent" and not in_platform:
                found.append((call.lineno, "an AuditEvent built outside the platform"))
            if _is_trail_call(call) and not is_helper:
                found.append((call.lineno, f"audit.{name}() called outside the helper"))
            for value in _before_and_after(call, name):
                if isinstance(value, DICTIONARIES) or (
                    isinstance(value, ast.Name) and value.id in bound
                ):
                    found.append((call.lineno, f"{name}() with a dictionary built by hand"))
    return sorted(set(found))


def _calls(scope: ast.AST) -> list[ast.Call]:
    """The calls in ``scope`` itself, not in the functions defined inside it."""
    calls: list[ast.Call] = []
    pending = list(ast.iter_child_nodes(scope))
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            calls.append(node)
        pending.extend(ast.iter_child_nodes(node))
    return calls


def _bound_to_dictionaries(scope: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(scope):
        targets: list[ast.expr] = []
        values: list[ast.expr] = []
        if isinstance(node, ast.Assign) and node.value is not None:
            targets, values = node.targets, [node.value]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, values = [node.target], [node.value]
        for target in targets:
            for value in values:
                names |= _dictionary_names(target, value)
    return names


def _dictionary_names(target: ast.expr, value: ast.expr) -> set[str]:
    if isinstance(target, ast.Name) and isinstance(value, DICTIONARIES):
        return {target.id}
    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
        return {
            name
            for t, v in zip(target.elts, value.elts, strict=False)
            for name in _dictionary_names(t, v)
        }
    return set()


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_trail_call(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"record", "record_many"}
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "audit"
    )


def _before_and_after(call: ast.Call, name: str) -> list[ast.expr]:
    if name not in RECORDERS and name != CHANGE:
        return []
    given = [k.value for k in call.keywords if k.arg in {"before", "after"}]
    if name == CHANGE:
        given += call.args[3:5]
    return given


def _scan(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    in_platform = PLATFORM in path.parents
    found = offences(tree, in_platform=in_platform, is_helper=path == HELPER)
    return [f"{path.relative_to(SOURCE.parent)}:{line}: {reason}" for line, reason in found]


def test_no_module_records_an_audit_event_from_a_dictionary_built_by_hand() -> None:
    modules = sorted(SOURCE.rglob("*.py"))
    assert len(modules) > 100
    assert [offence for path in modules for offence in _scan(path)] == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (
            "def f(uow, actor, now):\n"
            "    uow.audit.record(actor='a', entity='e', key='k', action='x',\n"
            "                     before=None, after={'places': 3}, at=now)\n",
            "audit.record() called outside the helper",
        ),
        (
            "def f(uow, actor, now):\n"
            "    record_change(uow.audit, actor, 'e', 1, 'x',\n"
            "                  before={'a': 1}, after=None, at=now)\n",
            "record_change() with a dictionary built by hand",
        ),
        (
            "def f(uow, actor, now, rows):\n"
            "    after = {r.code: r.places for r in rows}\n"
            "    record_change(uow.audit, actor, 'e', 1, 'x', before=None, after=after, at=now)\n",
            "record_change() with a dictionary built by hand",
        ),
        (
            "def f(uow, actor, now):\n"
            "    before, after = {'open': True}, {'open': False}\n"
            "    record_changes(uow.audit, actor, [Change('e', 1, 'x', before, after)], at=now)\n",
            "Change() with a dictionary built by hand",
        ),
        (
            "def f(uow, now):\n"
            "    uow.audit.record_many([AuditEvent('a', 'e', 'k', 'x', None, None, now)])\n",
            "an AuditEvent built outside the platform",
        ),
    ],
)
def test_the_scan_finds_each_way_the_repetition_could_come_back(code: str, reason: str) -> None:
    found = offences(ast.parse(code), in_platform=False, is_helper=False)
    assert reason in [r for _, r in found]


def test_the_scan_lets_objects_and_snapshots_through() -> None:
    code = (
        "def f(uow, actor, now, offering, places):\n"
        "    changed = replace(offering, places=places)\n"
        "    record_change(uow.audit, actor, 'offering', offering.code, 'set_places',\n"
        "                  before=snapshot(offering, only=('places',)), after=changed, at=now)\n"
    )
    assert offences(ast.parse(code), in_platform=False, is_helper=False) == []
