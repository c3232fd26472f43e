"""A table downloaded from a page, streamed while it is written (issue 15 point 1, "Exports").

``download`` answers with a ``StreamingResponse`` whose body is ``platform.files.exports``'s
chunks: the first bytes leave at once, memory stays constant, and a client that goes away stops
the work, because the writer (a generator run a batch of rows at a time in the thread pool) is
simply not pulled further and is closed. XLSX is streamed too: the zip is written as it goes,
with its directory at the end. ``Content-Disposition`` carries the file's Swedish name (RFC
6266 and RFC 5987: ``filename*`` in UTF-8, with an ASCII fallback for old clients). Given the
request's ``texts``, the column and sheet names are in its language (Swedish by default,
English through the catalogue: each context marks its files' column names with ``N_`` in its
web module); the values stay as written.
"""

from __future__ import annotations

import gettext
import unicodedata
from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote

from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool

from samverka.platform.files.exports import FileFormat, Sheet, table_chunks


def download(
    file_name: str,
    file_format: FileFormat,
    first: Sheet,
    *more: Sheet,
    texts: gettext.NullTranslations | None = None,
) -> StreamingResponse:
    """The sheets as a file named ``file_name`` (without its suffix) in ``file_format``, their
    column and sheet names in the language of ``texts`` when given."""
    name = f"{file_name}{file_format.suffix}"
    sheets = [first, *more] if texts is None else [_in(texts, sheet) for sheet in (first, *more)]
    return StreamingResponse(
        pulled(table_chunks(file_format, *sheets)),
        media_type=file_format.media_type,
        headers={"Content-Disposition": content_disposition(name)},
    )


def _in(texts: gettext.NullTranslations, sheet: Sheet) -> Sheet:
    header = [texts.gettext(name) for name in sheet.header]
    return Sheet(texts.gettext(sheet.name)[:31], header, sheet.rows, sheet.widths)


def content_disposition(name: str) -> str:
    """``attachment`` with ``name`` in UTF-8 and its ASCII form (å → a) for old clients."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(c if c.isalnum() or c in "-_." else "-" for c in plain) or "fil"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def pulled(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """``chunks`` pulled one by one in the thread pool, the empty ones left out; when the
    response is cancelled (the client went away) the writer is closed and pulled no further."""
    try:
        async for chunk in iterate_in_threadpool(chunks):
            if chunk:
                yield chunk
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
