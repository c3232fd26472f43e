"""What compensation's pages and its API share about a request: the pattern of a month
(``YYYY-MM``) in a query or a form. Both entry points use it; neither imports the other."""

from __future__ import annotations

from typing import Final

MONTH_PATTERN: Final = r"^(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})-(0[1-9]|1[0-2])$"
