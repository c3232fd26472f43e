"""What the board's pages and its API share about a request: the row id of a path and an
attached document's download. Both entry points use it; neither imports the other."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Path
from fastapi.responses import Response


def attachment(content: bytes, content_type: str, file_name: str) -> Response:
    """``content`` as a download named ``file_name`` (RFC 6266, UTF-8 name for å, ä, ö)."""
    ascii_name = file_name.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name)}"
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(content, media_type=content_type, headers=headers)


ROW_ID_MAXIMUM = 2_147_483_647  # a database integer


RowId = Annotated[int, Path(ge=1, le=ROW_ID_MAXIMUM)]
