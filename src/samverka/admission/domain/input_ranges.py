"""The ranges of the numbers an admission instance may hold, chosen from the domain.

Source: issue 11 point 6 (every importer refuses numbers out of range, e.g. a capacity of 1e18
or a lottery number of 2**70, which broke the engine: its arrays are int64 and it reserves a
slot for every place); gymnasieförordningen 7 kap. 4 § (the merit value, at most 340 points,
and aptitude-test points added to it); docs/formats.md lists them per column.

* ``MAXIMUM_PLACES``: places of one offering. No Swedish upper-secondary school has more than a
  few thousand pupils in all; the school's own page accepts at most the same number.
* ``MAXIMUM_TOTAL_PLACES``: places of all offerings of one instance together: ten times every
  first-year place in Sweden (about 130,000 a year), and what the engine can hold in memory.
* ``MAXIMUM_RANK``: a choice's rank. An applicant ranks a handful of choices (five on the
  application page, ten in the engine's benchmark); ranks need not be consecutive, so a
  thousand leaves room for any numbering.
* ``MAXIMUM_LOTTERY``: a given lottery number. Drawn numbers are 1..n for n applicants; a
  number given from an earlier draw is at most a billion (far more applicants than any region
  has), which keeps every priority key well inside 62 bits.
* ``MAXIMUM_SCORE``: a merit value or a score in points: the merit value is at most 340 and
  test points × multiplier at most 1,000 × 100; a database column of points holds it.
* ``MAXIMUM_TEST_POINTS`` and ``MAXIMUM_TEST_MULTIPLIER``: test points (and a test's minimum)
  at most 1,000, as the school's page allows; the multiplier at most 100 (the demo region
  uses 16).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

MAXIMUM_PLACES: Final = 100_000
MAXIMUM_TOTAL_PLACES: Final = 10_000_000
MAXIMUM_RANK: Final = 1_000
MAXIMUM_LOTTERY: Final = 1_000_000_000
MAXIMUM_SCORE: Final = Decimal(100_000)
MAXIMUM_TEST_POINTS: Final = Decimal(1_000)
MAXIMUM_TEST_MULTIPLIER: Final = Decimal(100)
