"""Where a redirect back may go: a path on this site only, never another site (no open
redirect; OWASP ASVS 4.0.3 V5.1.5).

A path is accepted when it starts with one ``/`` and holds no backslash, no control character
and no scheme or host: browsers read ``//host``, ``/\\host`` and a path with a tab or a newline
removed from it (``/\\t/host``) as another site, so each of those is refused. Anything refused
is answered with ``/``, the start page.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

MAXIMUM_LENGTH: Final = 2000


def local_path(path: str) -> str:
    """``path`` if it is a path on this site, else ``/``: never a redirect elsewhere."""
    return path if is_local_path(path) else "/"


def is_local_path(path: str) -> bool:
    if not path.startswith("/") or len(path) > MAXIMUM_LENGTH:
        return False
    if "\\" in path or any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return False
    if path.startswith("//"):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc
