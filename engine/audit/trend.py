"""An organisation's audit cycles side by side: gaps by strength and risk, and what stays open.

Each cycle is represented by its latest run; cycles are ordered by the date the
law was applied (then by run id), which is the order an auditor reads them in
even when an old cycle is recorded late.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..findings import STRENGTH_ORDER, Finding
from ..risk import RATING_ORDER
from .record import RunInfo

STRENGTHS = tuple(STRENGTH_ORDER)
RATINGS = tuple(RATING_ORDER)


@dataclass(frozen=True)
class CyclePoint:
    run: RunInfo
    by_strength: dict[str, int]
    by_rating: dict[str, int]
    waived: int
    unknown: int

    @property
    def open_gaps(self) -> int:
        return sum(self.by_strength.values())

    def to_json_dict(self) -> dict[str, Any]:
        return {"cycle": self.run.cycle, "run_id": self.run.id, "evaluated_as_of": self.run.evaluated_as_of,
                "open_gaps": self.open_gaps, "by_strength": self.by_strength, "by_rating": self.by_rating,
                "waived": self.waived, "unknown": self.unknown}


@dataclass(frozen=True)
class OpenStreak:
    """A gap still open in the latest cycle, and for how many cycles in a row it has been."""

    finding: Finding
    cycles: int
    since_cycle: str
    since_as_of: str

    def to_json_dict(self) -> dict[str, Any]:
        f = self.finding
        return {"rule_id": f.rule_id, "subject": f.subject.model_dump(), "strength": f.strength,
                "risk": f.risk.rating, "cycles_open": self.cycles, "open_since_cycle": self.since_cycle,
                "open_since_as_of": self.since_as_of}


@dataclass(frozen=True)
class Trend:
    organisation: str
    points: tuple[CyclePoint, ...]
    longest_open: tuple[OpenStreak, ...] = field(default_factory=tuple)

    def to_json_dict(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "cycles": [p.to_json_dict() for p in self.points],
                "longest_open": [s.to_json_dict() for s in self.longest_open]}


def latest_per_cycle(runs: list[RunInfo]) -> list[RunInfo]:
    """One run per cycle (its latest), in as-of order."""
    latest: dict[str, RunInfo] = {}
    for run in runs:
        if run.cycle not in latest or run.id > latest[run.cycle].id:
            latest[run.cycle] = run
    return sorted(latest.values(), key=lambda r: (r.evaluated_as_of, r.id))


def build_trend(organisation: str, runs: list[RunInfo], findings_of: Callable[[int], tuple[Finding, ...]],
                top: int = 10) -> Trend:
    """The trend of ``organisation`` over ``runs`` (all its runs), reading findings with ``findings_of``."""
    chosen = latest_per_cycle(runs)
    points: list[CyclePoint] = []
    open_by_cycle: list[dict[str, Finding]] = []
    for run in chosen:
        findings = findings_of(run.id)
        gaps = [f for f in findings if f.open_gap]
        points.append(CyclePoint(
            run,
            {s: sum(1 for f in gaps if f.strength == s) for s in STRENGTHS},
            {r: sum(1 for f in gaps if f.risk.rating == r) for r in RATINGS},
            waived=sum(1 for f in findings if f.waiver is not None),
            unknown=sum(1 for f in findings if f.status == "unknown"),
        ))
        open_by_cycle.append({f.fingerprint: f for f in gaps})
    streaks: list[OpenStreak] = []
    if open_by_cycle:
        for fp, finding in open_by_cycle[-1].items():
            start = len(open_by_cycle) - 1
            while start > 0 and fp in open_by_cycle[start - 1]:
                start -= 1
            streaks.append(OpenStreak(finding, len(open_by_cycle) - start, chosen[start].cycle,
                                      chosen[start].evaluated_as_of))
    streaks.sort(key=lambda s: (-s.cycles, STRENGTH_ORDER[s.finding.strength], RATING_ORDER[s.finding.risk.rating],
                                s.finding.rule_id, s.finding.subject.key))
    return Trend(organisation, tuple(points), tuple(streaks[:top]))
