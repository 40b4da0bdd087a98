"""What the reports show, read off a finished report: the risk register, the action plan, the summaries
by stage, area and rating. Every renderer (table, Markdown, CSV, HTML ...) formats these same views, so
the register a board reads and the one a GRC tool imports cannot differ.

The risk register follows NOS INSCS027: each risk with the stage of the customer-service process where
it arises (PC 1-5), its likelihood (PC 8), the kinds of consequence (PC 9: financial, reputational,
health and safety, legal), a rating from the likelihood x impact matrix (PC 10), an owner, an action
(PC 11-12), a due date and a status. Areas are the nine customer-service risk areas of the Chartered
IIA's guide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..findings import STRENGTH_ORDER, Finding, Report
from ..risk import IMPACT, LIKELIHOOD, RATING_ORDER

# The customer-service process, in order (BS 8477's journey from strategy to review).
STAGES = {
    "strategy": "Strategy and culture",
    "resourcing": "Resourcing and people",
    "access": "Access and contact",
    "pre_purchase": "Before purchase",
    "order_and_delivery": "Order and delivery",
    "service_delivery": "Service delivery",
    "after_sales": "After sales",
    "complaints": "Complaints",
    "review": "Review and improvement",
}
# The Chartered IIA's nine customer-service risk areas, in the guide's order.
AREAS = {
    "culture": "Culture",
    "customer_insight": "Customer insight",
    "governance": "Governance",
    "fraud": "Fraud",
    "colleagues": "Colleagues",
    "legal_and_regulatory": "Legal and regulatory",
    "accessibility": "Customer accessibility",
    "quality_and_consistency": "Quality and consistency",
    "crisis_management": "Crisis management",
}
RATINGS = ("high", "medium", "low")
STRENGTH_WORDS = {"duty": "legal duty", "recommendation": "recommendation (should)", "good_practice": "good practice"}
SHORT_STRENGTH = {"duty": "legal duty", "recommendation": "should", "good_practice": "good practice"}
STATUS_WORDS = {"gap": "gap", "met": "met", "not_applicable": "not applicable", "unknown": "unknown",
                "manual": "auditor question"}
LIKELIHOOD_WORDS = {k: k.replace("_", " ") for k in LIKELIHOOD}
IMPACT_WORDS = {k: k for k in IMPACT}
# NOS INSCS027 PC 9 names financial, reputational and health-and-safety consequences; csaudit adds legal,
# and a criminal offence is a legal consequence at its most serious.
CONSEQUENCE_WORDS = {"financial": "financial", "reputational": "reputational", "health_and_safety": "health and safety",
                     "legal": "legal", "criminal_offence": "legal (criminal offence)"}
DEFAULT_DUE_DAYS = {"high": 30, "medium": 90, "low": 180}


def score(f: Finding) -> int:
    return LIKELIHOOD[f.risk.likelihood] * IMPACT[f.risk.impact]


def consequences(f: Finding) -> list[str]:
    return [CONSEQUENCE_WORDS.get(c, c.replace("_", " ")) for c in f.risk.consequences]


def refs_text(f: Finding) -> str:
    return "; ".join(f"{r.document} {r.clause}" for r in f.refs)


def owner_text(f: Finding) -> str:
    if f.owner is None:
        return "not assigned"
    return f"{f.owner.role} ({f.owner.name})" if f.owner.name else f.owner.role


def subject_text(f: Finding) -> str:
    return "the organisation" if f.subject.kind == "organisation" else f"{f.subject.kind}: {f.subject.name}"


def priority_key(f: Finding) -> tuple:
    """Rating first, then strength, then the score, so the worst legal exposure leads."""
    return (RATING_ORDER[f.risk.rating], STRENGTH_ORDER[f.strength], -score(f), f.rule_id, f.subject.key)


def due_date(f: Finding, as_of: str, due_days: dict[str, int]) -> str:
    return (dt.date.fromisoformat(as_of) + dt.timedelta(days=due_days[f.risk.rating])).isoformat()


@dataclass(frozen=True)
class RiskEntry:
    """One line of the risk register."""

    ref: str                 # R-001 ...
    finding: Finding
    due: str
    status: str              # open, or accepted (waived) until a date

    @property
    def stage(self) -> str:
        return STAGES.get(self.finding.stage, self.finding.stage)

    @property
    def area(self) -> str:
        return AREAS.get(self.finding.risk_area, self.finding.risk_area)


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    entries: tuple[RiskEntry, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {r: sum(1 for e in self.entries if e.finding.risk.rating == r) for r in RATINGS}

    @property
    def exposure(self) -> int:
        """Sum of likelihood x impact over the group's open risks: how much the stage disappoints customers."""
        return sum(score(e.finding) for e in self.entries if e.finding.waiver is None)


@dataclass(frozen=True)
class Register:
    entries: tuple[RiskEntry, ...]
    by_stage: tuple[Group, ...]          # worst stage first
    by_area: tuple[Group, ...]           # the nine areas in the guide's order (empty ones too)
    unassessed: tuple[Finding, ...]      # unknown findings: risks the facts do not yet let anyone rate
    due_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DUE_DAYS))

    def stage_rows(self) -> list[tuple[str, str, dict[str, int], int]]:
        return [(g.key, g.title, g.counts, g.exposure) for g in self.by_stage]


def risk_register(report: Report, due_days: dict[str, int] | None = None) -> Register:
    """Each gap as a register entry, worst first; grouped by stage (worst stage first) and by area."""
    days = due_days or DEFAULT_DUE_DAYS
    gaps = sorted((f for f in report.findings if f.status == "gap"), key=priority_key)
    entries = tuple(RiskEntry(
        ref=f"R-{i:03d}", finding=f, due=due_date(f, report.evaluated_as_of, days),
        status="open" if f.waiver is None else f"accepted (waived) until {f.waiver.expires}")
        for i, f in enumerate(gaps, 1))
    stages = [Group(k, t, tuple(e for e in entries if e.finding.stage == k)) for k, t in STAGES.items()]
    extra = sorted({e.finding.stage for e in entries} - set(STAGES))
    stages += [Group(k, k, tuple(e for e in entries if e.finding.stage == k)) for k in extra]
    order = list(STAGES) + extra
    by_stage = tuple(sorted((g for g in stages if g.entries),
                            key=lambda g: (-g.exposure, -g.counts["high"], order.index(g.key))))
    areas = [Group(k, t, tuple(e for e in entries if e.finding.risk_area == k)) for k, t in AREAS.items()]
    areas += [Group(k, k, tuple(e for e in entries if e.finding.risk_area == k))
              for k in sorted({e.finding.risk_area for e in entries} - set(AREAS))]
    unassessed = tuple(sorted((f for f in report.findings if f.status == "unknown"), key=priority_key))
    return Register(entries, by_stage, tuple(areas), unassessed, dict(days))


@dataclass(frozen=True)
class Action:
    """One line of the action plan."""

    ref: str                 # A-01 ...
    finding: Finding
    due: str
    to_close: tuple[str, ...]    # the facts that would close it, in words


@dataclass(frozen=True)
class ActionPlan:
    actions: tuple[Action, ...]          # open gaps, by rating then strength
    waived: tuple[Finding, ...]          # justified deviations, with their justification
    to_establish: tuple[Finding, ...]    # unknowns: the facts to find out first
    due_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_DUE_DAYS))


def closing_facts(f: Finding, explanations: dict | None = None) -> tuple[str, ...]:
    """What would close a gap: the failing conditions in words when an explanation is at hand, else the
    deciding facts with their values as the check recorded them."""
    e = (explanations or {}).get(f.fingerprint)
    if e is not None and e.to_close:
        return tuple(e.to_close)
    values = {u.path: u for u in f.facts_used}
    out = []
    for path in f.deciding:
        u = values.get(path)
        if u is None:
            out.append(f"{path} (not stated)")
        else:
            out.append(f"{path}: now {_value(u.value)}" + (f" (line {u.line})" if u.line else ""))
    return tuple(out)


def _value(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(map(str, v)) if v else "none"
    return str(v)


def action_plan(report: Report, explanations: dict | None = None, due_days: dict[str, int] | None = None
                ) -> ActionPlan:
    days = due_days or DEFAULT_DUE_DAYS
    open_gaps = sorted((f for f in report.findings if f.open_gap), key=priority_key)
    actions = tuple(Action(f"A-{i:02d}", f, due_date(f, report.evaluated_as_of, days), closing_facts(f, explanations))
                    for i, f in enumerate(open_gaps, 1))
    waived = tuple(sorted((f for f in report.findings if f.status == "gap" and f.waiver is not None),
                          key=priority_key))
    unknown = tuple(sorted((f for f in report.findings if f.status == "unknown"), key=priority_key))
    return ActionPlan(actions, waived, unknown, dict(days))


def matrix_counts(report: Report) -> dict[tuple[str, str], int]:
    """Open gaps per (likelihood, impact) cell, for the heat map."""
    out: dict[tuple[str, str], int] = {}
    for f in report.findings:
        if f.open_gap:
            out[(f.risk.likelihood, f.risk.impact)] = out.get((f.risk.likelihood, f.risk.impact), 0) + 1
    return out


def band(likelihood: str, impact: str, high: int, medium: int) -> str:
    s = LIKELIHOOD[likelihood] * IMPACT[impact]
    return "high" if s >= high else "medium" if s >= medium else "low"


def open_by(report: Report, attr: str) -> dict[str, dict[str, int]]:
    """Open gaps per stage or risk area, by rating."""
    out: dict[str, dict[str, int]] = {}
    for f in report.findings:
        if f.open_gap:
            row = out.setdefault(getattr(f, attr), {r: 0 for r in RATINGS})
            row[f.risk.rating] += 1
    return out


def headline(report: Report) -> dict[str, int]:
    fs = report.findings
    return {
        "open_gaps": sum(f.open_gap for f in fs),
        "duty_gaps": sum(f.open_gap and f.strength == "duty" for f in fs),
        "high_risk": sum(f.open_gap and f.risk.rating == "high" for f in fs),
        "waived": sum(f.status == "gap" and f.waiver is not None for f in fs),
        "unknown": sum(f.status == "unknown" for f in fs),
        "unknown_duties": sum(f.status == "unknown" and f.strength == "duty" for f in fs),
        "manual": sum(f.status == "manual" for f in fs),
        "met": sum(f.status == "met" for f in fs),
        "not_applicable": sum(f.status == "not_applicable" for f in fs),
        "evidence": len({(e.kind, e.id or e.document) for f in fs for e in f.evidence}),
    }


def parse_due_days(text: str) -> dict[str, int]:
    """'30,90,180' -> days to act on high, medium and low risks (ValueError when it is not that)."""
    parts = [int(x) for x in text.split(",")]
    if len(parts) != 3 or any(p < 1 for p in parts):
        raise ValueError(text)
    return dict(zip(RATINGS, parts))
