"""A region's settings for one admission year, beside the rule set: priorities and replies.

Settings stored before fri kvot became a capped quota name a class ``discretionary_quota`` in
the class order and have no quota rules: the class is dropped (``priorities.LEGACY_CLASSES``)
and the quota rules take their defaults (unused places revert, the quota is tried first).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samverka.domain.admission.priorities import (
    LEGACY_CLASSES,
    PriorityClass,
    PriorityRules,
    QuotaOrder,
    QuotaRules,
    TieBreak,
    UnusedQuotaPlaces,
)
from samverka.domain.admission.replies import NoReplyRule


@dataclass(frozen=True, slots=True)
class YearSettings:
    priority_rules: PriorityRules = field(default_factory=PriorityRules)
    no_reply: NoReplyRule = NoReplyRule.ACCEPT_AND_STAY_RESERVE

    def to_dict(self) -> dict[str, object]:
        quota = self.priority_rules.quota
        return {
            "class_order": [c.value for c in self.priority_rules.class_order],
            "tie_breaks": [t.value for t in self.priority_rules.tie_breaks],
            "no_reply": self.no_reply.value,
            "fri_kvot": {"unused_places": quota.unused_places.value, "order": quota.order.value},
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> YearSettings:
        names = [str(c) for c in data["class_order"]]  # type: ignore[attr-defined]
        classes = tuple(PriorityClass(c) for c in names if c not in LEGACY_CLASSES)
        tie_breaks = tuple(TieBreak(t) for t in data["tie_breaks"])  # type: ignore[attr-defined]
        stored = data.get("fri_kvot")
        quota: dict[str, str] = stored if isinstance(stored, dict) else {}
        rules = QuotaRules(
            UnusedQuotaPlaces(quota.get("unused_places", UnusedQuotaPlaces.REVERT)),
            QuotaOrder(quota.get("order", QuotaOrder.QUOTA_FIRST)),
        )
        priority_rules = PriorityRules(classes, tie_breaks, rules)
        return cls(priority_rules, NoReplyRule(str(data["no_reply"])))
