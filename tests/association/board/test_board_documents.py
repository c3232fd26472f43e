"""The board's documents: PDF, Word, Excel and text only, not empty, at most 10 MB, the content
matching the suffix, and the content type decided by the suffix."""

from __future__ import annotations

from samverka.association.board.domain.board_documents import (
    MAXIMUM_BYTES,
    clean_file_name,
    content_type_of,
    document_problems,
)

ZIP = b"PK\x03\x04rest"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"


def test_each_allowed_type_is_accepted_when_its_content_matches() -> None:
    for name, content in (
        ("Protokoll.PDF", b"%PDF-1.7"),
        ("handling.docx", ZIP),
        ("budget.xlsx", ZIP),
        ("gammal.doc", OLE2),
        ("gammal.xls", OLE2),
        ("anteckning.txt", "Å ä ö".encode()),
    ):
        assert document_problems(name, content) == [], name


def test_a_program_renamed_to_a_pdf_is_refused() -> None:
    assert document_problems("faktura.pdf", b"MZ\x90\x00") == ["the content is not a .pdf file"]
    assert document_problems("a.docx", OLE2) == ["the content is not a .docx file"]
    assert document_problems("a.txt", b"\xff\xfe\x00a") == ["the content is not a .txt file"]


def test_a_file_of_another_type_empty_or_too_large_is_refused() -> None:
    assert "use one of" in document_problems("run.exe", b"MZ")[0]
    assert document_problems("tom.pdf", b"") == ["the file is empty"]
    assert document_problems("stor.pdf", b"%PDF-" + bytes(MAXIMUM_BYTES)) == [
        "the file is larger than 10 MB"
    ]
    assert document_problems("exakt.pdf", b"%PDF-" + bytes(MAXIMUM_BYTES - 5)) == []


def test_the_file_name_loses_its_folders_and_decides_the_content_type() -> None:
    assert clean_file_name("C:\\Users\\x\\plan.pdf") == "plan.pdf"
    assert clean_file_name("../../etc/passwd.txt") == "passwd.txt"
    assert content_type_of("plan.PDF") == "application/pdf"
    assert content_type_of("noter.txt") == "text/plain; charset=utf-8"
    assert content_type_of("okänd.bin") == "application/octet-stream"
