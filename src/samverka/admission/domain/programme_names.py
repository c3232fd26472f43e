"""The names of the upper-secondary school's programmes, by their codes, so that an applicant
can find an offering by the programme's name ("Naturvetenskapsprogrammet", "teknik") as well as
by its code.

Sources: the 18 national programmes, skollagen (2010:800) 16 kap. 2 § and gymnasieförordningen
(2010:2039) bilaga 1 (the names), with Skolverket's programme codes; the five introduction
programmes, skollagen 17 kap. 3 § (programinriktat val, yrkesintroduktion, individuellt
alternativ, språkintroduktion; preparandutbildning until 1 July 2019 is kept for old data), with
Skolverket's codes. A code not listed has no name here and is found by its code only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

PROGRAMME_NAMES: Final[Mapping[str, str]] = {
    # vocational programmes (yrkesprogram)
    "BA": "Bygg- och anläggningsprogrammet",
    "BF": "Barn- och fritidsprogrammet",
    "EE": "El- och energiprogrammet",
    "FT": "Fordons- och transportprogrammet",
    "HA": "Handels- och administrationsprogrammet",
    "HT": "Hotell- och turismprogrammet",
    "HV": "Hantverksprogrammet",
    "IN": "Industritekniska programmet",
    "NB": "Naturbruksprogrammet",
    "RL": "Restaurang- och livsmedelsprogrammet",
    "VF": "VVS- och fastighetsprogrammet",
    "VO": "Vård- och omsorgsprogrammet",
    # programmes preparing for higher education (högskoleförberedande program)
    "EK": "Ekonomiprogrammet",
    "ES": "Estetiska programmet",
    "HU": "Humanistiska programmet",
    "NA": "Naturvetenskapsprogrammet",
    "SA": "Samhällsvetenskapsprogrammet",
    "TE": "Teknikprogrammet",
    # introduction programmes (introduktionsprogram)
    "IMA": "Individuellt alternativ",
    "IMV": "Programinriktat val",
    "IMY": "Yrkesintroduktion",
    "IMS": "Språkintroduktion",
    "IMPRE": "Preparandutbildning",
}


def programme_name(code: str) -> str | None:
    """The programme's name, or ``None`` for a code this list does not name."""
    return PROGRAMME_NAMES.get(code.strip().upper())
