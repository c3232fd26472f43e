"""A region's settings for one admission year, beside the rule set: priorities and replies."""

from __future__ import annotations

from dataclasses import dataclass, field

from samverka.domain.admission.priorities import PriorityClass, PriorityRules, TieBreak
from samverka.domain.admission.replies import NoReplyRule


@dataclass(frozen=True, slots=True)
class YearSettings:
    priority_rules: PriorityRules = field(default_factory=PriorityRules)
    no_reply: NoReplyRule = NoReplyRule.ACCEPT_AND_STAY_RESERVE

    def to_dict(self) -> dict[str, object]:
        return {
            "class_order": [c.value for c in self.priority_rules.class_order],
            "tie_breaks": [t.value for t in self.priority_rules.tie_breaks],
            "no_reply": self.no_reply.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> YearSettings:
        classes = tuple(PriorityClass(c) for c in data["class_order"])  # type: ignore[attr-defined]
        tie_breaks = tuple(TieBreak(t) for t in data["tie_breaks"])  # type: ignore[attr-defined]
        return cls(PriorityRules(classes, tie_breaks), NoReplyRule(str(data["no_reply"])))
