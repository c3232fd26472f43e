"""Issue 14: the repetitions the re-housing removed stay removed. Every page writes its forms,
controls and tables with the platform's components; every context declares its auth aliases once,
in its ``http.py``; there is one file-format enum (``platform.files.exports.FileFormat``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "samverka"
COMPONENTS = SRC / "platform" / "web" / "templates" / "components"
# Print documents are not pages: they have no forms and their tables are the document's own.
DOCUMENTS = (SRC / "association" / "plan" / "files" / "templates",)
HAND_WRITTEN = re.compile(
    r"<(select|textarea|table|form)\b|<input\b(?![^>]*type=\"hidden\")", re.IGNORECASE
)
ALIAS = re.compile(r"Annotated\[\s*Actor,\s*Depends\(require\(")


def _pages() -> list[Path]:
    return [
        path
        for path in sorted(SRC.rglob("*.html"))
        if COMPONENTS not in path.parents and not any(d in path.parents for d in DOCUMENTS)
    ]


def test_no_page_writes_a_form_a_control_or_a_table_by_hand() -> None:
    found = [
        f"{path.relative_to(SRC)}:{text[: m.start()].count(chr(10)) + 1}: {m.group(0)}"
        for path in _pages()
        for text in [path.read_text(encoding="utf-8")]
        for m in HAND_WRITTEN.finditer(text)
    ]
    assert len(_pages()) > 40
    assert found == []


def test_each_context_declares_its_auth_aliases_once_in_its_http_module() -> None:
    found = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if ALIAS.search(path.read_text(encoding="utf-8"))
        and path.name != "http.py"
        and "platform" not in path.relative_to(SRC).parts
    ]
    assert found == []


def test_there_is_one_file_format_enum() -> None:
    enums = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and "Format" in node.name:
                members = {
                    t.id
                    for stmt in node.body
                    if isinstance(stmt, ast.Assign)
                    for t in stmt.targets
                    if isinstance(t, ast.Name)
                }
                if {"CSV", "XLSX"} <= members:
                    enums.append(f"{path.relative_to(SRC)}:{node.name}")
    assert enums == ["platform/files/exports.py:FileFormat"]
