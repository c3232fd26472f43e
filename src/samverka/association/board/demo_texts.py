"""The demo board's texts: the steering groups' mandates and the RSS report in the words of the
board summary of 11 May 2023 (``shared/seeds``), invented members, and the agreements with their
revision dates counted in days from today."""

from __future__ import annotations

from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.steering_groups import MemberRole

INFRASTRUCTURE_MANDATE = (
    "Verka för att Stockholmsregionens behov får mer genomslag i de nationella och regionala "
    "infrastrukturplanerna, samt undanröja hinder, förenkla regler och effektivisera "
    "samhällsbyggnadsprocesser. Kommunernas inflytande ska öka genom att tidigt vara med i "
    "planeringsprocesser. Målet är att över tid öka andelen nationella medel till investeringar "
    "i infrastrukturen i Stockholmsregionen."
)
DIGITALISATION_MANDATE = (
    "Samverka kring digitaliseringens lösningar, som sällan behöver utvecklas kommunspecifikt, "
    "och tala med gemensam röst från regionens kommuner när krav ställs på den nationella "
    "digitala strukturen. Ge ett tydligt politiskt ledarskap för digitaliseringens "
    "samhällstransformation."
)
RSS_REPORT = (
    "Återrapport om den regionala samverkans- och stödstrukturen (RSS).\n"
    "Arbetet har fokuserat på länets representation i de nationella grupperingarna inom "
    "kunskapsstyrningen. Statliga stimulansmedel rekvireras av Storsthlm i rollen som RSS; "
    "viss del används till länsgemensamma aktiviteter och resten nycklas ut till kommunerna.\n"
)
# Invented people: (name, municipality, role), four per steering group.
MEMBERS = (
    ("Anna Lindqvist", "Solna", MemberRole.CHAIR),
    ("Erik Holm", "Täby", MemberRole.MEMBER),
    ("Sara Nyberg", "Stockholm", MemberRole.MEMBER),
    ("Jonas Wikström", "Järfälla", MemberRole.DEPUTY),
    ("Maria Ström", "Nacka", MemberRole.CHAIR),
    ("Johan Berglund", "Huddinge", MemberRole.MEMBER),
    ("Lena Åkesson", "Stockholm", MemberRole.MEMBER),
    ("Ali Hassan", "Södertälje", MemberRole.DEPUTY),
)
# (title, kind, parties, start, end, owner, days from today to the revision date)
AGREEMENTS = (
    ("Överenskommelse om hemsjukvård", AgreementKind.REGION, 2016, None, "Välfärd", 35),
    ("Färdtjänstavtal", AgreementKind.REGION, 2018, None, "Välfärd", 80),
    ("Samverkan vid vårdövergångar", AgreementKind.REGION, 2018, None, "Välfärd", 240),
    (
        "Samverkansavtal om gymnasieutbildning",
        AgreementKind.INTER_MUNICIPAL,
        2019,
        None,
        "Utbildning och arbetsmarknad",
        420,
    ),
    (
        "Sfx-överenskommelsen",
        AgreementKind.INTER_MUNICIPAL,
        2017,
        None,
        "Kompetensförsörjning",
        600,
    ),
    (
        "Miljösamverkan Stockholms län",
        AgreementKind.INTER_MUNICIPAL,
        2020,
        None,
        "Samhällsbyggnad",
        150,
    ),
)
