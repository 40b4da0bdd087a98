"""Everything the Markdown and HTML reports say, gathered once from a finished report.

The HTML report and the Markdown report are two layouts of this one context: the same register, the
same plan, the same explanations, the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, Report
from . import views
from .views import AREAS, STAGES, ActionPlan, Register


@dataclass(frozen=True)
class RunHeader:
    """What a recorded run adds to a report: its id, cycle, who ran it and when."""

    id: int
    cycle: str
    recorded_at: str
    run_by: str


@dataclass
class Document:
    report: Report
    register: Register
    plan: ActionPlan
    headline: dict[str, int]
    explanations: dict[str, Any] = field(default_factory=dict)   # fingerprint -> Explanation
    trend: Any = None                                             # engine.audit.trend.Trend, when a database is given
    run: RunHeader | None = None
    short_names: dict[str, str] = field(default_factory=dict)
    statuses: tuple[str, ...] = ()                                # other statuses to list in full

    @property
    def detailed(self) -> list[Finding]:
        """The findings shown one by one with their argument: gaps (open, then waived) and unknowns."""
        fs = self.report.findings
        return ([f for f in fs if f.open_gap] + [f for f in fs if f.status == "gap" and f.waiver is not None]
                + [f for f in fs if f.status == "unknown"])

    @property
    def listed(self) -> list[tuple[str, list[Finding]]]:
        """Other statuses asked for in full (met, not applicable, auditor questions)."""
        return [(s, [f for f in self.report.findings if f.status == s]) for s in self.statuses
                if s not in ("gap", "unknown")]

    @property
    def most_exposed(self) -> list[str]:
        return [g.title for g in self.register.by_stage[:2]]

    def sources(self) -> list[tuple[str, int, int, int, int]]:
        """Per source document: gaps, unknown, met, auditor questions open."""
        rows: dict[str, list[int]] = {}
        for f in self.report.findings:
            doc = f.refs[0].document if f.refs else "other"
            row = rows.setdefault(doc, [0, 0, 0, 0])
            i = {"gap": 0, "unknown": 1, "met": 2, "manual": 3}.get(f.status)
            if i is not None:
                row[i] += 1
        return sorted(((d, *r) for d, r in rows.items()), key=lambda r: (-r[1], -r[2], r[0]))


def build_document(report: Report, *, explanations: dict | None = None, trend=None, run: RunHeader | None = None,
                   due_days: dict[str, int] | None = None, short_names: dict[str, str] | None = None,
                   statuses: tuple[str, ...] = ()) -> Document:
    return Document(report=report, register=views.risk_register(report, due_days),
                    plan=views.action_plan(report, explanations, due_days), headline=views.headline(report),
                    explanations=explanations or {}, trend=trend, run=run, short_names=short_names or {},
                    statuses=statuses)


def template_globals() -> dict[str, Any]:
    return {
        "STAGES": STAGES, "AREAS": AREAS, "RATINGS": views.RATINGS, "STRENGTH_WORDS": views.STRENGTH_WORDS,
        "SHORT_STRENGTH": views.SHORT_STRENGTH, "STATUS_WORDS": views.STATUS_WORDS,
        "consequences": views.consequences, "owner_text": views.owner_text, "refs_text": views.refs_text,
        "subject_text": views.subject_text, "score": views.score,
        "likelihood_words": lambda f: f.risk.likelihood.replace("_", " "),
        "TRUTH_MARK": {True: "✓", False: "✗", None: "?"},
        "TRUTH_WORDS": {True: "holds", False: "does not hold", None: "unknown"},
        "value_words": _value_words, "first_sentence": first_sentence,
    }


def first_sentence(text: str) -> str:
    """The first sentence of a text, for a table cell that links to the full text (never cut inside a
    sentence)."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z\"'(])", text)
    return text if match is None else text[:match.start()]


def _value_words(v: Any) -> str:
    if v is None:
        return "not stated"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) if v else "none"
    return str(v)
