"""The limits within which a file is read, and reading a file from disk within them.

Source: issue 11 point 6 (files are read within limits); docs/security.md, "Files and limits".
Every reader of a user's file (``csv_reader.read_csv``, ``xlsx_reader.read_xlsx``) takes a
``FileLimits`` and refuses a file beyond any of them with one ``RowError`` naming the limit,
before the file is parsed further. The defaults follow what the most trusted readers do:
Apache POI refuses a workbook member that inflates more than 100 times (``MIN_INFLATE_RATIO``
0.01) once it is past 100 KB, and a spreadsheet has far fewer columns than the format allows.

Three sets of limits, by where the file comes from:

* ``UPLOAD_LIMITS``: what people upload or import by hand (pupil files, price lists, budgets,
  keys, revenue): 20 MB, 100,000 rows, 200 columns;
* ``EXTRACT_LIMITS``: the population register's extracts and the schools' placement files,
  county-wide: 200 MB, 2,000,000 rows;
* ``INTERCHANGE_LIMITS``: the engine's CSV files (``samverka admission match|run``), a region
  of a million applicants with ten choices each: 1 GB, 20,000,000 rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from samverka.errors import N_, InvalidInput, RowError

KB: Final = 1024
MB: Final = 1024 * KB


@dataclass(frozen=True, slots=True)
class FileLimits:
    """How large a file may be, and how large its parts; see the module's docstring."""

    maximum_bytes: int = 20 * MB
    maximum_rows: int = 100_000
    maximum_columns: int = 200
    maximum_cell_characters: int = 1_000
    # an .xlsx file is a zip archive of XML members:
    maximum_members: int = 500
    maximum_uncompressed_bytes: int = 100 * MB
    maximum_inflation: int = 100  # uncompressed / compressed size of one member
    inflation_grace_bytes: int = 100 * KB  # smaller members may inflate more

    def with_bytes(self, maximum_bytes: int) -> FileLimits:
        return replace(self, maximum_bytes=maximum_bytes)


UPLOAD_LIMITS: Final = FileLimits()
EXTRACT_LIMITS: Final = FileLimits(maximum_bytes=200 * MB, maximum_rows=2_000_000)
INTERCHANGE_LIMITS: Final = FileLimits(maximum_bytes=1024 * MB, maximum_rows=20_000_000)


def size_text(count: int) -> str:
    """A byte count as people read it: ``20 MB``, ``100 KB``, ``512 bytes``."""
    for unit, size in (("MB", MB), ("KB", KB)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    if count >= MB:
        return f"{count / MB:.1f} MB"
    return f"{count} bytes"


def too_large(source: str, limits: FileLimits) -> InvalidInput:
    reason = N_("Filen är större än %(size)s, det mesta som läses.")
    return InvalidInput(
        [RowError(source, 0, "", reason, {"size": size_text(limits.maximum_bytes)})]
    )


def read_file(path: Path, limits: FileLimits) -> bytes:
    """The bytes of ``path``; ``InvalidInput`` if it is missing or larger than the limit (the
    size is looked at before a byte is read)."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise FileNotFoundError(path)
    except OSError:
        raise InvalidInput([RowError(path.name, 0, "", N_("Filen saknas."))]) from None
    if size > limits.maximum_bytes:
        raise too_large(path.name, limits)
    with path.open("rb") as handle:
        content = handle.read(limits.maximum_bytes + 1)
    if len(content) > limits.maximum_bytes:  # it grew while being read
        raise too_large(path.name, limits)
    return content
