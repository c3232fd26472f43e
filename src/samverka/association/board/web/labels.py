"""The Swedish names of board work's kinds and statuses, translated when shown, and what every
board page's template gets."""

from __future__ import annotations

from typing import Final

from samverka.association.board.domain.agreements import AgreementKind
from samverka.association.board.domain.board import ItemKind, MeetingStatus
from samverka.association.board.domain.steering_groups import MemberRole
from samverka.platform.access.domain.actors import Actor, Role
from samverka.platform.web.i18n import N_

MEETING_STATUS: Final = {
    MeetingStatus.PLANNED: N_("Planerat"),
    MeetingStatus.HELD: N_("Genomfört"),
}
ITEM_KIND: Final = {
    ItemKind.DECISION: N_("Beslutsärende"),
    ItemKind.INFORMATION: N_("Informationsärende"),
    ItemKind.REPORT: N_("Återrapport"),
}
MEMBER_ROLE: Final = {
    MemberRole.CHAIR: N_("Ordförande"),
    MemberRole.MEMBER: N_("Ledamot"),
    MemberRole.DEPUTY: N_("Ersättare"),
}
AGREEMENT_KIND: Final = {
    AgreementKind.REGION: N_("Med regionen"),
    AgreementKind.INTER_MUNICIPAL: N_("Mellan kommunerna"),
    AgreementKind.AGENCY: N_("Med statlig myndighet"),
    AgreementKind.OTHER: N_("Övrigt avtal"),
}


def labels(actor: Actor) -> dict[str, object]:
    """What every board page's template gets: the labels, and whether the reader may change."""
    return {
        "meeting_status": MEETING_STATUS,
        "item_kind": ITEM_KIND,
        "member_role": MEMBER_ROLE,
        "agreement_kind": AGREEMENT_KIND,
        "staff": actor.role is Role.ASSOCIATION_STAFF,
    }
