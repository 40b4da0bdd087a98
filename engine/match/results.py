"""What a backend returns: for each rule and subject, the truth of applies_when and requires."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..library.ir import Truth


@dataclass
class RawResults:
    """Three-valued outcomes keyed by (rule id, subject key), and the engine that produced them.

    ``engine`` is set when it may differ from the backend's name: the durable backend
    evaluates a profile with the python engine when durable-rules cannot do so exactly.
    """

    outcomes: dict[tuple[str, str], tuple[Truth, Truth]] = field(default_factory=dict)
    engine: str = ""
    truths: Any = None   # the python engine's node truths (a plan.ProfileTruths), reused for explanations

    def record(self, rule_id: str, subject_key: str, applies: Truth, requires: Truth) -> None:
        self.outcomes[(rule_id, subject_key)] = (applies, requires)

    def get(self, rule_id: str, subject_key: str) -> tuple[Truth, Truth]:
        return self.outcomes.get((rule_id, subject_key), (None, None))


def evaluated(library, flat):
    """(rule, its subjects) for every rule a backend answers: in force, over a collection the profile lists."""
    for rule in library.rules:
        if rule.in_force:
            subjects = flat.subjects(rule.subject)
            if subjects is not None:
                yield rule, subjects
