"""Real-world cases: published UK findings written as profiles, with the outcome each source supports.

A case file holds the source (publisher, URL, date), the facts as published (prose), a profile of those
facts and the expected outcomes by citation. Each expected outcome is compared with csaudit's findings
for the provision on the subject named; a disagreement must be explained in ``differences.yaml``, and the
agreement figure is written to docs/realworld.md by ``python tests/realworld/report.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from csaudit.engine.evaluate import run_check
from csaudit.engine.findings import Finding
from csaudit.engine.library.loader import Library
from csaudit.facts.loader import load_profile_data

CASES = Path(__file__).resolve().parent / "cases"
# the worst status wins when several findings judge one provision on one subject
_SEVERITY = {"gap": 0, "unknown": 1, "manual": 2, "met": 3, "not_applicable": 4}


@dataclass(frozen=True)
class Outcome:
    case: str
    law: str
    provision: str
    subject: str
    expected: str
    actual: str            # the status csaudit gives, or "no rule"
    rules: tuple[str, ...]
    difference: str | None  # why csaudit and the expectation differ (differences.yaml), when they do
    missing: tuple[str, ...] = ()  # facts the unknown findings ask for

    @property
    def agrees(self) -> bool:
        return self.expected == self.actual


def _norm(clause: str) -> str:
    return re.sub(r"[\s.]", "", clause.lower()).replace("regulation", "reg").replace("section", "s")


def _same_law(law: str, document: str) -> bool:
    """The case names the law as published ("FCA Handbook DISP"); a rule names its document ("FCA Handbook")."""
    a, b = law.lower(), document.lower()
    return a in b or b in a


def cites(finding: Finding, law: str, provision: str) -> bool:
    """A finding judges the provision when one of its refs names the law and the clause (or a part of it)."""
    want = _norm(provision)
    for ref in finding.refs:
        if not _same_law(law, ref.document):
            continue
        have = _norm(ref.clause)
        if have == want or have.startswith(want + "(") or want.startswith(have + "("):
            return True
    return False


def _subject_matches(finding: Finding, subject: str) -> bool:
    """An outcome about the organisation is judged by every finding on the provision, whatever its subject: the
    organisation breaks a provision if it does so on any line, channel or statement, and meets it only if it meets
    it on all of them. An outcome about one subject is judged by the findings on that subject."""
    if subject in ("", "organisation"):
        return True
    kind, _, key = subject.partition(":")
    return finding.subject.kind == kind and (not key or finding.subject.key == key)


def load_case(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


DIFFERENCES = Path(__file__).resolve().parent / "differences.yaml"


def differences() -> dict[tuple[str, str, str, str], str]:
    """Why csaudit and a case's expectation differ, keyed by (case, law, provision, subject)."""
    if not DIFFERENCES.exists():
        return {}
    rows = yaml.safe_load(DIFFERENCES.read_text()) or []
    return {(r["case"], r["law"], str(r["provision"]), r.get("subject", "organisation")): r["why"] for r in rows}


def evaluate_case(path: Path, library: Library) -> list[Outcome]:
    case = load_case(path)
    known = differences()
    profile = dict(case["profile"])
    profile.setdefault("as_of", case.get("as_of"))
    loaded = load_profile_data(profile, str(path))
    as_of = case.get("as_of")
    report = run_check(loaded, library, as_of=as_of if isinstance(as_of, dt.date) else None, engine="python")
    outcomes = []
    for exp in case["expected"]:
        subject = exp.get("subject", "organisation")
        citing = [f for f in report.findings if cites(f, exp["law"], exp["provision"])]
        # the subject the case names; else the provision as csaudit judges it in this case (the organisation,
        # a statement, a channel), so a finding on another kind of subject still answers the expectation
        found = [f for f in citing if _subject_matches(f, subject)] or citing
        if found:
            actual = min((f.status for f in found), key=_SEVERITY.get)
            # "met" needs every judging finding met (or not applicable); "not applicable" needs all of them
            if exp["outcome"] == "met" and actual == "not_applicable" and any(f.status == "met" for f in found):
                actual = "met"
        else:
            actual = "no rule"
        key = (case["id"], exp["law"], str(exp["provision"]), subject)
        missing = tuple(dict.fromkeys(m for f in found if f.status == "unknown" for m in f.missing_facts))
        outcomes.append(Outcome(case["id"], exp["law"], str(exp["provision"]), subject, exp["outcome"], actual,
                                tuple(sorted({f.rule_id for f in found})), known.get(key), missing))
    return outcomes


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))
