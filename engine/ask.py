"""What to find out next: the facts a profile does not state and the auditor questions not yet answered,
ranked by the findings each would settle.

An unknown finding names the facts that could still decide it; an unanswered manual question is one
finding its answer settles. Each open point scores the findings it could settle, each weighted by
its strength (a legal duty 3, a recommendation 2, good practice 1) times its risk rating (high 3,
medium 2, low 1), so one fact that decides five legal duties comes before one that decides a dozen
good-practice points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..facts.glossary import explain_path
from .findings import Finding, Report

STRENGTH_WEIGHT = {"duty": 3, "recommendation": 2, "good_practice": 1}
RISK_WEIGHT = {"high": 3, "medium": 2, "low": 1}


def weight(finding: Finding) -> int:
    return STRENGTH_WEIGHT.get(finding.strength, 1) * RISK_WEIGHT.get(finding.risk.rating, 1)


@dataclass
class OpenPoint:
    """One thing to find out: a fact (a profile path) or an auditor question (its id)."""

    kind: Literal["fact", "question"]
    key: str
    text: str                                   # the fact's meaning, or the question put to the auditor
    score: int = 0
    findings: list[str] = field(default_factory=list)   # 'rule_id @ subject' of the findings it may settle
    by_strength: dict[str, int] = field(default_factory=dict)
    askable: bool = True                        # a path a value can be written to (else: edit by hand)

    @property
    def settles(self) -> int:
        return len(self.findings)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "key": self.key, "text": self.text, "score": self.score, "settles": self.settles,
                "by_strength": self.by_strength, "findings": self.findings, "askable": self.askable}


def _described(path: str) -> str:
    """A part of the profile that is not a single fact (a list, a section): its field's description."""
    from ..facts.editing import field_at

    found = field_at(tuple(path.split("."))) if "[" not in path and " " not in path else None
    description = found[1].description if found and found[1] is not None else None
    return f"{description} (a list or section: edit the profile by hand)" if description else path


def _add(point: OpenPoint, finding: Finding) -> None:
    point.score += weight(finding)
    point.findings.append(f"{finding.rule_id} @ {finding.subject.key}")
    point.by_strength[finding.strength] = point.by_strength.get(finding.strength, 0) + 1


def open_points(report: Report) -> list[OpenPoint]:
    """Every unknown fact and unanswered question, the ones that settle most weight first."""
    points: dict[tuple[str, str], OpenPoint] = {}
    for f in report.findings:
        if f.status == "unknown":
            for path in dict.fromkeys(f.missing_facts):
                point = points.get(("fact", path))
                if point is None:
                    explained = explain_path(path)
                    text = explained.description if explained else _described(path)
                    point = points[("fact", path)] = OpenPoint("fact", path, text, askable=explained is not None)
                _add(point, f)
        elif f.status == "manual":
            point = points.get(("question", f.rule_id))
            if point is None:
                text = f.message.removeprefix("Auditor question: ")
                point = points[("question", f.rule_id)] = OpenPoint("question", f.rule_id, text)
            _add(point, f)
    return sorted(points.values(), key=lambda p: (-p.score, -p.settles, p.kind, p.key))
