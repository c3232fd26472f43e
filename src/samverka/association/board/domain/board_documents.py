"""The board's documents (handlingar): which files may be attached, and how they are served.

Rules: a document is a PDF, a Word or Excel file (old or new format) or plain text; at most
10 MB and not empty. The type is decided by the file name's suffix, and the content must look
like that type (a PDF starts with ``%PDF-``, .docx/.xlsx are ZIP files, .doc/.xls are OLE2
compound files, text is UTF-8), so that a renamed program is refused. The content type served
on download is the suffix's, never the one the uploader's browser claimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

MAXIMUM_BYTES = 10 * 1024 * 1024
MAXIMUM_NAME = 200
PDF, ZIP, OLE2 = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class DocumentType:
    content_type: str
    magic: bytes | None  # None: text, checked by decoding


TYPES: dict[str, DocumentType] = {
    ".pdf": DocumentType("application/pdf", PDF),
    ".docx": DocumentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP
    ),
    ".xlsx": DocumentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".doc": DocumentType("application/msword", OLE2),
    ".xls": DocumentType("application/vnd.ms-excel", OLE2),
    ".txt": DocumentType("text/plain; charset=utf-8", None),
}
ALLOWED = ", ".join(TYPES)


def clean_file_name(name: str) -> str:
    """The file name without any folder, for storing and for ``Content-Disposition``."""
    return PurePath(name.replace("\\", "/")).name.strip()


def document_problems(file_name: str, content: bytes) -> list[str]:
    """Every reason the file cannot be attached (empty list: it can)."""
    name = clean_file_name(file_name)
    problems = []
    if not name or len(name) > MAXIMUM_NAME:
        problems.append(f"a file name is 1–{MAXIMUM_NAME} characters")
    kind = TYPES.get(PurePath(name).suffix.lower())
    if kind is None:
        problems.append(f"the file type is not allowed; use one of {ALLOWED}")
    if not content:
        problems.append("the file is empty")
    elif len(content) > MAXIMUM_BYTES:
        problems.append("the file is larger than 10 MB")
    elif kind is not None and not _looks_like(kind, content):
        problems.append(f"the content is not a {PurePath(name).suffix.lower()} file")
    return problems


def content_type_of(file_name: str) -> str:
    kind = TYPES.get(PurePath(file_name).suffix.lower())
    return "application/octet-stream" if kind is None else kind.content_type


def _looks_like(kind: DocumentType, content: bytes) -> bool:
    if kind.magic is not None:
        return content.startswith(kind.magic)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in content
