"""A region's settings for one admission year, beside the rule set: priorities, replies and
reception (``reception.ReceptionRules``, issue 12 point 8). Settings stored before a setting
existed read as its default."""

from __future__ import annotations

from dataclasses import dataclass, field

from samverka.domain.admission.priorities import PriorityRules, TieBreak, class_order_of
from samverka.domain.admission.reception import ReceptionRules
from samverka.domain.admission.replies import NoReplyRule


@dataclass(frozen=True, slots=True)
class YearSettings:
    priority_rules: PriorityRules = field(default_factory=PriorityRules)
    no_reply: NoReplyRule = NoReplyRule.ACCEPT_AND_STAY_RESERVE
    reception: ReceptionRules = field(default_factory=ReceptionRules)

    def to_dict(self) -> dict[str, object]:
        document: dict[str, object] = {
            "class_order": [c.value for c in self.priority_rules.class_order],
            "tie_breaks": [t.value for t in self.priority_rules.tie_breaks],
            "no_reply": self.no_reply.value,
        }
        if self.reception != ReceptionRules():  # so that a default year's snapshot is unchanged
            document["reception"] = self.reception.to_dict()
        return document

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> YearSettings:
        classes = class_order_of([str(c) for c in data["class_order"]])  # type: ignore[attr-defined]
        tie_breaks = tuple(TieBreak(t) for t in data["tie_breaks"])  # type: ignore[attr-defined]
        reception = data.get("reception")
        return cls(
            PriorityRules(classes, tie_breaks),
            NoReplyRule(str(data["no_reply"])),
            ReceptionRules.from_dict(reception)
            if isinstance(reception, dict)
            else ReceptionRules(),
        )
