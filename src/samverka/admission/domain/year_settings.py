"""A region's settings for one admission year, beside the rule set: priorities, replies and
reception (``reception.ReceptionRules``, issue 12 point 8). Settings stored before a setting
existed read as its default.

Settings stored before fri kvot became a capped quota name a class ``discretionary_quota`` in
the class order and have no quota rules: the class is dropped (``priorities.LEGACY_CLASSES``)
and the quota rules take their defaults (unused places revert, the quota is tried first).
Settings stored before the reception classes name one ``late`` class
(``priorities.class_order_of``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samverka.admission.domain.priorities import (
    PriorityRules,
    QuotaOrder,
    QuotaRules,
    TieBreak,
    UnusedQuotaPlaces,
    class_order_of,
)
from samverka.admission.domain.reception import ReceptionRules
from samverka.admission.domain.replies import NoReplyRule


@dataclass(frozen=True, slots=True)
class YearSettings:
    priority_rules: PriorityRules = field(default_factory=PriorityRules)
    no_reply: NoReplyRule = NoReplyRule.ACCEPT_AND_STAY_RESERVE
    reception: ReceptionRules = field(default_factory=ReceptionRules)

    def to_dict(self) -> dict[str, object]:
        quota = self.priority_rules.quota
        document: dict[str, object] = {
            "class_order": [c.value for c in self.priority_rules.class_order],
            "tie_breaks": [t.value for t in self.priority_rules.tie_breaks],
            "no_reply": self.no_reply.value,
            "fri_kvot": {"unused_places": quota.unused_places.value, "order": quota.order.value},
        }
        if self.reception != ReceptionRules():  # so that a default year's snapshot is unchanged
            document["reception"] = self.reception.to_dict()
        return document

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> YearSettings:
        classes = class_order_of([str(c) for c in data["class_order"]])  # type: ignore[attr-defined]
        tie_breaks = tuple(TieBreak(t) for t in data["tie_breaks"])  # type: ignore[attr-defined]
        stored = data.get("fri_kvot")
        quota: dict[str, str] = stored if isinstance(stored, dict) else {}
        rules = QuotaRules(
            UnusedQuotaPlaces(quota.get("unused_places", UnusedQuotaPlaces.REVERT)),
            QuotaOrder(quota.get("order", QuotaOrder.QUOTA_FIRST)),
        )
        reception = data.get("reception")
        return cls(
            PriorityRules(classes, tie_breaks, rules),
            NoReplyRule(str(data["no_reply"])),
            ReceptionRules.from_dict(reception)
            if isinstance(reception, dict)
            else ReceptionRules(),
        )
