"""Reception in first or second hand is derived, never typed in (issue 12 point 8).

Sources: skollagen 16 kap. 43 § (first hand: own municipality, cooperation agreement, programme
and orientation not offered at home) and 44 § (second hand: places left after first hand); the
samverkansavtal of the Stockholm region (admissions-rules §3.4: the 26, Håbo and the region,
national programmes); independent schools and nationally recruiting offerings take applicants on
equal terms (admissions-rules §3.4, §3.6).
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverka.admission.domain.area import AdmissionArea, AreaTerms
from samverka.admission.domain.calendar import GradeTerm
from samverka.admission.domain.conditions import ApplicantFacts
from samverka.admission.domain.graded_instance import GradedApplicant, GradedChoice
from samverka.admission.domain.grades import Grade, GradeLetter, GradeSheet
from samverka.admission.domain.priorities import PriorityClass
from samverka.admission.domain.reception import (
    CatalogueFacts,
    OfferingFacts,
    Reception,
    ReceptionDecision,
    ReceptionGround,
    ReceptionRules,
    decide,
    in_force,
    reception_of,
)
from samverka.admission.services.reception import _with_choices
from samverka.errors import InvalidInput, ReceptionNotPossible

STOCKHOLM, NACKA, HABO, GNESTA, UPPSALA = "0180", "0182", "0305", "0461", "0380"
AREA = AdmissionArea(
    {
        STOCKHOLM: AreaTerms.MEMBER,
        NACKA: AreaTerms.MEMBER,
        HABO: AreaTerms.ADMISSION_AND_COMPENSATION,
        GNESTA: AreaTerms.ADMISSION_ONLY,
    }
)


def municipal(owner: str, programme: str = "NA", orientation: str = "") -> OfferingFacts:
    return OfferingFacts(programme, orientation, "municipal", owner)


INDEPENDENT_NA = OfferingFacts("NA", "", "independent", None)
REGIONAL_NB = OfferingFacts("NB", "", "regional", None)
# What the area's own schools offer: Stockholm NA and IMY, Nacka NA-Musik, Gnesta BF.
CATALOGUE = CatalogueFacts.of(
    [
        municipal(STOCKHOLM, "NA"),
        municipal(STOCKHOLM, "IMY"),
        municipal(NACKA, "ES", "Musik"),
        municipal(GNESTA, "BF"),
        REGIONAL_NB,
    ]
)


def derived(
    home: str, offering: OfferingFacts, rules: ReceptionRules | None = None
) -> tuple[Reception, ReceptionGround]:
    found = reception_of(home, offering, AREA, CATALOGUE, rules or ReceptionRules())
    return found.reception, found.ground


def test_an_applicant_is_first_hand_at_their_own_municipalitys_school() -> None:
    """SL 16 kap. 43 §: the municipality receives its own residents first."""
    assert derived(STOCKHOLM, municipal(STOCKHOLM)) == (
        Reception.FIRST_HAND,
        ReceptionGround.OWN_MUNICIPALITY,
    )
    assert derived(GNESTA, municipal(GNESTA, "BF"))[1] is ReceptionGround.OWN_MUNICIPALITY


@pytest.mark.parametrize("home", [STOCKHOLM, HABO, GNESTA, UPPSALA, "2480"])
def test_an_independent_school_receives_everyone_in_first_hand(home: str) -> None:
    """admissions-rules §3.4 (independent schools take every applicant on equal terms)."""
    assert derived(home, INDEPENDENT_NA) == (
        Reception.FIRST_HAND,
        ReceptionGround.INDEPENDENT_ORGANISER,
    )


def test_a_nationally_recruiting_offering_receives_all_of_sweden_in_first_hand() -> None:
    """admissions-rules §3.6 (riksrekryterande: anyone in Sweden on equal terms)."""
    offering = OfferingFacts("NA", "", "municipal", STOCKHOLM, nationally_recruiting=True)
    assert derived(UPPSALA, offering) == (
        Reception.FIRST_HAND,
        ReceptionGround.NATIONALLY_RECRUITING,
    )


@pytest.mark.parametrize(
    ("home", "offering"),
    [(NACKA, municipal(STOCKHOLM)), (HABO, municipal(STOCKHOLM)), (STOCKHOLM, REGIONAL_NB)],
)
def test_inside_the_samverkansavtal_every_national_programme_is_first_hand(
    home: str, offering: OfferingFacts
) -> None:
    """SL 16 kap. 43 § and the samverkansavtal (admissions-rules §3.4: the 26, Håbo and the
    region): Nacka's and Håbo's residents are first hand at Stockholm's NA although Nacka and
    Stockholm offer NA; the region's schools are parties too."""
    assert derived(home, offering) == (
        Reception.FIRST_HAND,
        ReceptionGround.COOPERATION_AGREEMENT,
    )


def test_outside_the_area_a_programme_without_the_home_municipalitys_statement_is_second_hand() -> (
    None
):
    """SL 16 kap. 43–44 §§; admissions-rules §3.4 (yttrande "Finns hos samverkanspart / Finns i
    egna kommunen / Finns inte"): the catalogue does not know what Uppsala or its area offers,
    so the statute's default for a municipal school is second hand until the statement comes;
    the region may choose first hand instead (``unknown_home_offer``)."""
    assert derived(UPPSALA, municipal(STOCKHOLM)) == (
        Reception.SECOND_HAND,
        ReceptionGround.HOME_OFFER_UNKNOWN,
    )
    rules = ReceptionRules(unknown_home_offer=Reception.FIRST_HAND)
    assert derived(UPPSALA, municipal(STOCKHOLM), rules)[0] is Reception.FIRST_HAND


def test_gnesta_admission_only_is_second_hand_where_gnesta_offers_the_programme_itself() -> None:
    """SL 16 kap. 43–44 §§ read for a party of the admission area that is not in the
    samverkansavtal (admissions-rules §3.4, §12): Gnesta's residents are first hand where
    Gnesta does not offer the programme and orientation, second hand where it does."""
    assert derived(GNESTA, municipal(STOCKHOLM, "NA")) == (
        Reception.FIRST_HAND,
        ReceptionGround.NOT_OFFERED_AT_HOME,
    )
    assert derived(GNESTA, municipal(STOCKHOLM, "BF")) == (
        Reception.SECOND_HAND,
        ReceptionGround.OFFERED_AT_HOME,
    )


def test_the_alternative_reading_treats_gnesta_as_a_party_to_the_agreement() -> None:
    """The setting ``admission_only_as_agreement`` (admissions-rules §12: unverified)."""
    rules = ReceptionRules(admission_only_as_agreement=True)
    assert derived(GNESTA, municipal(STOCKHOLM, "BF"), rules) == (
        Reception.FIRST_HAND,
        ReceptionGround.COOPERATION_AGREEMENT,
    )


def test_the_agreement_areas_applicant_is_second_hand_at_a_school_outside_the_agreement() -> None:
    """SL 16 kap. 43–44 §§: Gnesta's school is no party to the samverkansavtal. Only Gnesta
    offers BF, so Stockholm's applicant is first hand there; NA is offered inside the agreement
    (by Stockholm), so Nacka's applicant is second hand at a Gnesta NA."""
    assert derived(STOCKHOLM, municipal(GNESTA, "BF")) == (
        Reception.FIRST_HAND,
        ReceptionGround.NOT_OFFERED_AT_HOME,
    )
    assert derived(NACKA, municipal(GNESTA, "NA")) == (
        Reception.SECOND_HAND,
        ReceptionGround.OFFERED_AT_HOME,
    )


def test_an_introductory_programme_is_covered_by_the_agreement_only_where_opted_in() -> None:
    """admissions-rules §3.4: the samverkansavtal covers IMV and IMY for a group only for the
    municipalities that opted in. Otherwise the home municipality's own offer decides."""
    imy_at_nacka = municipal(NACKA, "IMY")
    assert derived(STOCKHOLM, imy_at_nacka) == (
        Reception.SECOND_HAND,
        ReceptionGround.OFFERED_AT_HOME,
    )
    assert derived(NACKA, municipal(STOCKHOLM, "IMY"))[1] is ReceptionGround.NOT_OFFERED_AT_HOME
    rules = ReceptionRules(frozenset({"IMY"}), frozenset({STOCKHOLM, NACKA}))
    assert derived(STOCKHOLM, imy_at_nacka, rules)[1] is ReceptionGround.COOPERATION_AGREEMENT


def test_an_orientation_offered_only_elsewhere_is_first_hand() -> None:
    """SL 16 kap. 43 § speaks of the programme *and orientation*: Gnesta offers no ES at all,
    and nobody but Nacka offers ES Musik; an offering without an orientation matches the
    programme [I]."""
    assert derived(GNESTA, municipal(NACKA, "ES", "Musik"))[0] is Reception.FIRST_HAND
    assert CATALOGUE.offers([NACKA], "ES", "Musik")
    assert not CATALOGUE.offers([NACKA], "ES", "Dans")
    assert CATALOGUE.offers([NACKA], "ES", "")


@given(
    home=st.sampled_from([STOCKHOLM, NACKA, HABO, GNESTA, UPPSALA, "1280"]),
    programme=st.sampled_from(["NA", "BF", "IMY", "ES"]),
    nationally=st.booleans(),
    alternative=st.booleans(),
)
def test_an_independent_school_or_own_school_is_never_second_hand_whatever_the_settings(
    home: str, programme: str, nationally: bool, alternative: bool
) -> None:
    """The impossible combinations of issue 12 point 8 can never be derived."""
    rules = ReceptionRules(admission_only_as_agreement=alternative)
    independent = OfferingFacts(programme, "", "independent", None, nationally)
    own = OfferingFacts(programme, "", "municipal", home, nationally)
    assert reception_of(home, independent, AREA, CATALOGUE, rules).first_hand
    assert reception_of(home, own, AREA, CATALOGUE, rules).first_hand


# -- the admission office's decision --------------------------------------------------------
@pytest.mark.parametrize(
    ("home", "offering", "ground"),
    [
        (UPPSALA, INDEPENDENT_NA, "independent_organiser"),
        (STOCKHOLM, municipal(STOCKHOLM), "own_municipality"),
        (NACKA, municipal(STOCKHOLM), "cooperation_agreement"),
        (UPPSALA, OfferingFacts("NA", "", "municipal", NACKA, True), "nationally_recruiting"),
    ],
)
def test_second_hand_where_the_law_gives_first_hand_is_refused(
    home: str, offering: OfferingFacts, ground: str
) -> None:
    """Issue 12 point 8: "an impossible override (second hand at an independent school, second
    hand for an own-municipality applicant) is refused with a clear error"."""
    found = reception_of(home, offering, AREA, CATALOGUE)
    with pytest.raises(ReceptionNotPossible, match="second hand is not possible") as refused:
        decide(found, Reception.SECOND_HAND, "yttrande: finns i egna kommunen")
    assert refused.value.ground == ground


def test_the_office_decides_with_a_reason_and_never_without_one() -> None:
    """SL 16 kap. 43 § (special reasons) and the home municipality's statement (§3.4)."""
    found = reception_of(UPPSALA, municipal(STOCKHOLM), AREA, CATALOGUE)
    decided = decide(found, Reception.FIRST_HAND, "  yttrande 2027-02-20: finns inte  ")
    assert decided == ReceptionDecision(
        Reception.FIRST_HAND, ReceptionGround.OFFICER_DECISION, "yttrande 2027-02-20: finns inte"
    )
    with pytest.raises(InvalidInput, match="behöver en motivering"):
        decide(found, Reception.FIRST_HAND, " ")
    not_offered = reception_of(GNESTA, municipal(STOCKHOLM), AREA, CATALOGUE)
    assert not decide(not_offered, Reception.SECOND_HAND, "finns hos samverkanspart").first_hand


def test_a_stored_decision_the_law_no_longer_allows_yields_to_the_derived_first_hand() -> None:
    own = reception_of(STOCKHOLM, municipal(STOCKHOLM), AREA, CATALOGUE)
    assert in_force(own, Reception.SECOND_HAND, "old") == own
    unknown = reception_of(UPPSALA, municipal(STOCKHOLM), AREA, CATALOGUE)
    assert in_force(unknown, Reception.FIRST_HAND, "yttrande").first_hand
    assert in_force(unknown, Reception.FIRST_HAND, None) == unknown  # no reason: not a decision


def test_the_reception_settings_survive_their_stored_form() -> None:
    rules = ReceptionRules(
        frozenset({"IMV", "IMY"}), frozenset({STOCKHOLM}), True, Reception.FIRST_HAND
    )
    assert ReceptionRules.from_dict(rules.to_dict()) == rules
    assert ReceptionRules.from_dict({}) == ReceptionRules()


class _NeverAsked:
    """A catalogue that fails the test if reception asks it anything."""

    def offers(self, owners: object, programme: str, orientation: str) -> bool:
        raise AssertionError(f"the catalogue was asked about {programme}")


@pytest.mark.parametrize(
    ("home", "offering", "ground"),
    [
        (NACKA, INDEPENDENT_NA, ReceptionGround.INDEPENDENT_ORGANISER),
        (STOCKHOLM, municipal(STOCKHOLM), ReceptionGround.OWN_MUNICIPALITY),
        (NACKA, municipal(STOCKHOLM), ReceptionGround.COOPERATION_AGREEMENT),
    ],
)
def test_reception_asks_the_catalogue_only_when_the_home_offer_decides(
    home: str, offering: OfferingFacts, ground: ReceptionGround
) -> None:
    """SL 16 kap. 43–44 §§: an independent school, the own municipality and the samverkansavtal
    decide without the home municipality's offer, so the applicant's page reads the catalogue
    only for the choices where that offer decides (steps 5–6)."""
    assert reception_of(home, offering, AREA, _NeverAsked()).ground is ground
    with pytest.raises(AssertionError, match="asked about NA"):
        reception_of(GNESTA, municipal(STOCKHOLM), AREA, _NeverAsked())


def test_a_rounds_applicant_keeps_every_field_but_the_choices_when_receptions_are_applied() -> None:
    applicant = GradedApplicant(
        "20100101-1234",
        GradeSheet((Grade("EN", GradeLetter.B),), reduced_timetable=True),
        (GradedChoice("A"),),
        frozenset({"Kommunen"}),
        7,
        ApplicantFacts(date(2010, 1, 1), True, date(2024, 2, 2)),
        GradeTerm.FINAL,
    )
    bare = GradedApplicant("", GradeSheet(()), ())
    assert all(getattr(applicant, f.name) != getattr(bare, f.name) for f in fields(applicant))
    choices = (GradedChoice("B", PriorityClass.SECOND_HAND, reception_ground="x"),)
    assert _with_choices(applicant, choices) == replace(applicant, choices=choices)
