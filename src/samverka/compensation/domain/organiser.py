"""The organiser (huvudman) of a school unit: the party a home municipality pays.

An organiser is a municipality, a region, or a private organiser of independent schools
(glossary: huvudman). It is named by an identifier whose meaning depends on the kind: the
municipality's SCB code (``0180``) for a municipality, the region's code, or the private
organiser's organisation number. Only municipalities take part in the net settlement between
municipalities; independent organisers are always paid their gross amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class OrganiserKind(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"
    INDEPENDENT = "independent"


@dataclass(frozen=True, slots=True, order=True)
class Organiser:
    """A school organiser: ``kind`` and an identifier (``code``) unique within the kind."""

    kind: OrganiserKind
    code: str

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.code}"

    @classmethod
    def municipality(cls, municipality_code: str) -> Organiser:
        return cls(OrganiserKind.MUNICIPALITY, municipality_code)

    @classmethod
    def independent(cls, organisation_number: str) -> Organiser:
        return cls(OrganiserKind.INDEPENDENT, organisation_number)

    @property
    def is_municipality(self) -> bool:
        return self.kind is OrganiserKind.MUNICIPALITY
