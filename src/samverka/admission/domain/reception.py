"""Reception in first or second hand (mottagande i första eller andra hand), derived, never typed.

Sources: skollagen (2010:800) 16 kap. 43 § (a municipality receives in first hand applicants
from the municipality itself, from the municipalities it has a cooperation agreement with for
the programme, and applicants whose home municipality does not offer the programme and
orientation itself or through a cooperation agreement; also for special reasons) and 44 §
(others in second hand, only to places left when every eligible first-hand applicant has been
received); the samverkansavtal of the Stockholm region (admissions-rules §3.4: the 26
municipalities of the county, Håbo and the region; the national programmes; IMV and IMY for a
group for the municipalities that opted in); admissions-rules §3.4 (independent schools receive
every applicant on equal terms: Håbo; riksrekryterande offerings take all of Sweden on equal
terms: §3.6) and issue 12 point 8.

Procedure, for an applicant with home municipality H and an offering O of organiser G:

1. G is an independent organiser → first hand (``INDEPENDENT_ORGANISER``): never second hand.
2. O is nationally recruiting (riksrekryterande) → first hand (``NATIONALLY_RECRUITING``).
3. G is the municipality H itself → first hand (``OWN_MUNICIPALITY``).
4. H and G are parties to the samverkansavtal (G a party municipality, or the region when it is
   a party) and the agreement covers O's programme → first hand (``COOPERATION_AGREEMENT``).
   The agreement covers every national programme; an introductory programme only where the
   rules name it and both municipalities opted in (``ReceptionRules``). With
   ``admission_only_as_agreement`` a party of the admission area on admission-only terms
   (Gnesta) counts as a party here — the alternative reading, off by default (see 5).
5. Otherwise: does H offer O's programme and orientation itself, or (when H is a party to the
   agreement and the agreement covers the programme) through the agreement? The catalogue of
   the admission area answers for a municipality of the area (``CatalogueFacts``): no → first
   hand (``NOT_OFFERED_AT_HOME``), yes → second hand (``OFFERED_AT_HOME``). An offering without
   an orientation matches the programme; one with an orientation matches that orientation [I].
   Gnesta (admission only) is read by the statute: its residents are first hand at the area's
   municipal schools where Gnesta's own schools do not offer the programme (admissions-rules
   §12 lists this as unverified).
6. For a home municipality outside the area the catalogue does not know what it or its own
   cooperation area offers: ``unknown_home_offer`` decides (default second hand,
   ``HOME_OFFER_UNKNOWN``) until the home municipality's statement (yttrande: "Finns inte",
   admissions-rules §3.4) is recorded as the admission office's decision.

The admission office may override the derived class with a recorded reason (``decide``): first
hand for special reasons or after a statement, second hand after a statement that the programme
is offered at home. Second hand is refused where the first-hand right does not rest on
catalogue facts: at an independent school, at a nationally recruiting offering, at the own
municipality's school and inside the samverkansavtal (``ReceptionNotPossible``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Protocol

from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.errors import N_, InvalidInput, ReceptionNotPossible, RowError

REGION: Final = "region"  # the key of the region's own schools in ``CatalogueFacts``


class Reception(StrEnum):
    FIRST_HAND = "first_hand"
    SECOND_HAND = "second_hand"


class ReceptionGround(StrEnum):
    INDEPENDENT_ORGANISER = "independent_organiser"
    NATIONALLY_RECRUITING = "nationally_recruiting"
    OWN_MUNICIPALITY = "own_municipality"
    COOPERATION_AGREEMENT = "cooperation_agreement"
    NOT_OFFERED_AT_HOME = "not_offered_at_home"
    OFFERED_AT_HOME = "offered_at_home"
    HOME_OFFER_UNKNOWN = "home_offer_unknown"
    OFFICER_DECISION = "officer_decision"

    @property
    def source(self) -> str:
        return _SOURCES[self]


_SOURCES: Final = {
    ReceptionGround.INDEPENDENT_ORGANISER: "admissions-rules §3.4 (Håbo: equal terms)",
    ReceptionGround.NATIONALLY_RECRUITING: "SL 16 kap. 43 §; admissions-rules §3.6",
    ReceptionGround.OWN_MUNICIPALITY: "SL 16 kap. 43 §",
    ReceptionGround.COOPERATION_AGREEMENT: "SL 16 kap. 43 §; samverkansavtal",
    ReceptionGround.NOT_OFFERED_AT_HOME: "SL 16 kap. 43 §",
    ReceptionGround.OFFERED_AT_HOME: "SL 16 kap. 44 §",
    ReceptionGround.HOME_OFFER_UNKNOWN: "SL 16 kap. 43–44 §§; admissions-rules §3.4 (yttrande)",
    ReceptionGround.OFFICER_DECISION: "SL 16 kap. 43–44 §§ (the admission office's decision)",
}

# First hand by law or agreement, whatever the catalogue says: no second-hand override.
FIXED_FIRST_HAND: Final = frozenset(
    {
        ReceptionGround.INDEPENDENT_ORGANISER,
        ReceptionGround.NATIONALLY_RECRUITING,
        ReceptionGround.OWN_MUNICIPALITY,
        ReceptionGround.COOPERATION_AGREEMENT,
    }
)


@dataclass(frozen=True, slots=True)
class ReceptionDecision:
    reception: Reception
    ground: ReceptionGround
    reason: str = ""  # the admission office's reason, for an override

    @property
    def first_hand(self) -> bool:
        return self.reception is Reception.FIRST_HAND


@dataclass(frozen=True, slots=True)
class OfferingFacts:
    """What reception looks at in an offering and its organiser."""

    programme: str
    orientation: str
    organiser_kind: str  # municipal, regional, independent
    organiser_municipality: str | None  # a municipal organiser's municipality code
    nationally_recruiting: bool = False


@dataclass(frozen=True, slots=True)
class CatalogueFacts:
    """The programmes and orientations the area's municipalities offer at their own schools, per
    organiser municipality code (the region's under ``REGION``)."""

    offered: Mapping[str, frozenset[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, offerings: Iterable[OfferingFacts]) -> CatalogueFacts:
        found: dict[str, set[tuple[str, str]]] = {}
        for offering in offerings:
            owner = _owner(offering)
            if owner is not None:
                found.setdefault(owner, set()).add((offering.programme, offering.orientation))
        return cls({owner: frozenset(pairs) for owner, pairs in found.items()})

    def offers(self, owners: Iterable[str], programme: str, orientation: str) -> bool:
        for owner in owners:
            for offered_programme, offered_orientation in self.offered.get(owner, ()):
                if offered_programme == programme and (
                    not orientation or offered_orientation == orientation
                ):
                    return True
        return False


@dataclass(frozen=True, slots=True)
class ReceptionRules:
    """The region's settings of reception (part of the year's settings)."""

    agreement_introductory_programmes: frozenset[str] = frozenset()  # e.g. {"IMV", "IMY"}
    introductory_opt_in: frozenset[str] = frozenset()  # municipalities that opted in
    admission_only_as_agreement: bool = False  # the alternative reading for Gnesta (step 4)
    unknown_home_offer: Reception = Reception.SECOND_HAND  # step 6

    def to_dict(self) -> dict[str, object]:
        return {
            "agreement_introductory_programmes": sorted(self.agreement_introductory_programmes),
            "introductory_opt_in": sorted(self.introductory_opt_in),
            "admission_only_as_agreement": self.admission_only_as_agreement,
            "unknown_home_offer": self.unknown_home_offer.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ReceptionRules:
        def codes(key: str) -> frozenset[str]:
            value = data.get(key, [])
            return frozenset(str(v) for v in value) if isinstance(value, list) else frozenset()

        return cls(
            codes("agreement_introductory_programmes"),
            codes("introductory_opt_in"),
            bool(data.get("admission_only_as_agreement", False)),
            Reception(str(data.get("unknown_home_offer", Reception.SECOND_HAND.value))),
        )


def _owner(offering: OfferingFacts) -> str | None:
    if offering.organiser_kind == "regional":
        return REGION
    if offering.organiser_kind == "municipal":
        return offering.organiser_municipality
    return None


class OfferedProgrammes(Protocol):
    """What reception asks of the catalogue: does one of ``owners`` offer the programme (and
    orientation) at its own schools? ``CatalogueFacts`` answers it; a reader may answer it
    lazily, since most decisions never ask (steps 1–5 decide without the catalogue)."""

    def offers(self, owners: Iterable[str], programme: str, orientation: str) -> bool: ...


def reception_of(
    applicant_home: str,
    offering: OfferingFacts,
    area: AdmissionArea,
    facts: OfferedProgrammes,
    rules: ReceptionRules = ReceptionRules(),
) -> ReceptionDecision:
    """The reception class of an applicant from ``applicant_home`` at ``offering``, with its
    ground (steps 1–6 of the module's procedure)."""
    if offering.organiser_kind == "independent":
        return ReceptionDecision(Reception.FIRST_HAND, ReceptionGround.INDEPENDENT_ORGANISER)
    if offering.nationally_recruiting:
        return ReceptionDecision(Reception.FIRST_HAND, ReceptionGround.NATIONALLY_RECRUITING)
    owner = _owner(offering)
    if owner is not None and owner == applicant_home:
        return ReceptionDecision(Reception.FIRST_HAND, ReceptionGround.OWN_MUNICIPALITY)
    home_in_agreement = _in_agreement(applicant_home, area, rules)
    covered = _covered(offering.programme, applicant_home, owner, rules)
    if home_in_agreement and covered and _party(owner, area, rules):
        return ReceptionDecision(Reception.FIRST_HAND, ReceptionGround.COOPERATION_AGREEMENT)
    if not area.terms_of(applicant_home).in_admission_area:
        if rules.unknown_home_offer is Reception.FIRST_HAND:
            return ReceptionDecision(Reception.FIRST_HAND, ReceptionGround.HOME_OFFER_UNKNOWN)
        return ReceptionDecision(Reception.SECOND_HAND, ReceptionGround.HOME_OFFER_UNKNOWN)
    providers = [applicant_home]
    if home_in_agreement and covered:
        providers += [code for code in area.terms if _in_agreement(code, area, rules)]
        if area.region_in_agreement:
            providers.append(REGION)
    if facts.offers(providers, offering.programme, offering.orientation):
        return ReceptionDecision(Reception.SECOND_HAND, ReceptionGround.OFFERED_AT_HOME)
    return ReceptionDecision(Reception.FIRST_HAND, ReceptionGround.NOT_OFFERED_AT_HOME)


def _in_agreement(code: str, area: AdmissionArea, rules: ReceptionRules) -> bool:
    terms = area.terms_of(code)
    if rules.admission_only_as_agreement and terms is AreaTerms.ADMISSION_ONLY:
        return True
    return terms.in_cooperation_agreement


def _party(owner: str | None, area: AdmissionArea, rules: ReceptionRules) -> bool:
    if owner == REGION:
        return area.region_in_agreement
    return owner is not None and _in_agreement(owner, area, rules)


def _covered(programme: str, home: str, owner: str | None, rules: ReceptionRules) -> bool:
    """Does the samverkansavtal cover ``programme`` between ``home`` and ``owner``?"""
    if not programme.startswith("IM"):
        return True
    if programme not in rules.agreement_introductory_programmes:
        return False
    opted = rules.introductory_opt_in
    return home in opted and (owner == REGION or owner in opted)


def decide(
    derived: ReceptionDecision, requested: Reception, reason: str, *, where: str = "reception"
) -> ReceptionDecision:
    """The admission office's override of ``derived``, with its ``reason``; refused without a
    reason (``InvalidInput``) and where the law gives first hand whatever the catalogue says
    (``ReceptionNotPossible``)."""
    if not reason.strip():
        raise InvalidInput(
            [RowError(where, 0, "reason", N_("Ett ändrat mottagande behöver en motivering."))]
        )
    if requested is Reception.SECOND_HAND and derived.ground in FIXED_FIRST_HAND:
        raise ReceptionNotPossible(
            derived.ground.value,
            f"second hand is not possible: first hand by {derived.ground.value.replace('_', ' ')}"
            f" ({derived.ground.source})",
            where=where,
        )
    return ReceptionDecision(requested, ReceptionGround.OFFICER_DECISION, reason.strip())


def in_force(
    derived: ReceptionDecision, override: Reception | None, reason: str | None
) -> ReceptionDecision:
    """The reception that counts: a stored override with its reason, else the derived one. An
    override that has become impossible (the offering is now independent, say) yields to the
    derived first hand."""
    if override is None or not reason:
        return derived
    if override is Reception.SECOND_HAND and derived.ground in FIXED_FIRST_HAND:
        return derived
    return ReceptionDecision(override, ReceptionGround.OFFICER_DECISION, reason)
