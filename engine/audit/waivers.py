"""Waivers: the written justification BS 8477 asks for when a recommendation is not followed.

A waiver names a rule (and optionally one subject), says why, who approved it and
for how long. It never changes a finding's status: the finding carries the waiver
beside its own status, so every report still shows what the rule concluded. A
legal duty cannot be waived. Whether a waiver is in effect is decided on the
run's as-of date, so re-running an old cycle gives the same answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from ...facts.located.problems import InputError, Problem
from ...facts.located.reader import Located, read_yaml
from ...facts.located.validation import dotted, problems_from_validation, suggest
from ..errors import WaiverError
from ..findings import Report, Summary, WaiverOut

WAIVERS_FILE = "waivers.yaml"
State = Literal["active", "expired", "not_yet"]


class WaiverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(description="Id of the rule whose gap is accepted")
    subject: str | None = Field(None, description="Subject key (e.g. a channel id); absent: every subject")
    justification: str = Field(min_length=1, description="Why the organisation deviates from the rule")
    approver: str = Field(min_length=1, description="Who accepted the deviation")
    granted: dt.date
    expires: dt.date

    @field_validator("justification", "approver")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @model_validator(mode="after")
    def _dates_in_order(self) -> WaiverEntry:
        if self.expires < self.granted:
            raise ValueError("expires is before granted")
        return self


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[WaiverEntry] = Field(default_factory=list)


_FILE = TypeAdapter(WaiverFile)


@dataclass(frozen=True)
class Waiver:
    """One entry of a waiver file, with where it was written."""

    rule_id: str
    subject: str | None
    justification: str
    approver: str
    granted: dt.date
    expires: dt.date
    file: str
    line: int | None
    column: int | None = None
    subject_at: tuple[int | None, int | None] = (None, None)  # line and column of its subject key

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def scope(self) -> str:
        return self.rule_id + (f" for {self.subject}" if self.subject else "")

    def state_on(self, as_of: dt.date) -> State:
        if as_of < self.granted:
            return "not_yet"
        return "expired" if as_of > self.expires else "active"

    def covers(self, rule_id: str, subject_key: str) -> bool:
        return self.rule_id == rule_id and self.subject in (None, subject_key)

    def out(self) -> WaiverOut:
        return WaiverOut(subject=self.subject, justification=self.justification, approver=self.approver,
                         granted=self.granted.isoformat(), expires=self.expires.isoformat(), source=self.source)


@dataclass(frozen=True)
class WaiverState:
    """A waiver as a run saw it: in effect, expired or not yet granted on the as-of date."""

    waiver: Waiver
    state: State


def default_waivers_path(profile: Path) -> Path | None:
    """``waivers.yaml`` beside the profile, when there is one."""
    candidate = Path(profile).parent / WAIVERS_FILE
    return candidate if candidate.is_file() else None


def load_waivers(path: str | Path) -> tuple[Waiver, ...]:
    """Read a waiver file; every problem (missing justification, bad date...) at once, with its line."""
    try:
        located = read_yaml(path)
    except InputError as exc:
        raise WaiverError(exc.summary, exc.problems) from None
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        raise WaiverError(f"{located.file}: not a waiver file",
                          [Problem(located.file, 1, 1, "", "expected a mapping with a 'waivers' list")])
    try:
        parsed = _FILE.validate_python(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, Located(data, located.positions, located.file), WaiverFile)
        raise WaiverError(f"{located.file}: {len(problems)} problem(s) in the waivers", problems) from None
    waivers = tuple(
        Waiver(e.rule, e.subject, e.justification, e.approver, e.granted, e.expires, located.file,
               *located.position(("waivers", i, "rule")), located.position(("waivers", i, "subject")))
        for i, e in enumerate(parsed.waivers)
    )
    problems = overlapping(waivers)
    if problems:
        raise WaiverError(f"{located.file}: {len(problems)} problem(s) in the waivers", problems)
    return waivers


def _overlap(a: Waiver, b: Waiver) -> bool:
    return a.granted <= b.expires and b.granted <= a.expires


def overlapping(waivers: tuple[Waiver, ...]) -> list[Problem]:
    """Two waivers that would both cover one finding on some day: which one holds (its approver, its
    expiry) would be a guess, so each deviation has one waiver at a time. A renewal that starts after
    the earlier waiver expires is not an overlap. A waiver for every subject of a rule overlaps one for
    a single subject. Sorted by date per rule, so a file of thousands of waivers is checked quickly."""
    by_rule: dict[str, list[int]] = {}
    for i, w in enumerate(waivers):
        by_rule.setdefault(w.rule_id, []).append(i)
    clash: dict[int, int] = {}
    for indices in by_rule.values():
        ordered = sorted(indices, key=lambda i: (waivers[i].granted, i))
        latest: dict[str | None, int] = {}   # per subject (None: every subject), the waiver reaching furthest
        for i in ordered:
            w = waivers[i]
            rivals = [latest.get(w.subject)] + ([latest.get(None)] if w.subject is not None else
                                                [j for key, j in latest.items() if key is not None])
            hit = next((j for j in rivals if j is not None and _overlap(waivers[j], w)), None)
            if hit is not None:
                clash[i] = hit
            if w.subject not in latest or w.expires > waivers[latest[w.subject]].expires:
                latest[w.subject] = i
    problems = []
    for i, j in sorted(clash.items()):
        w, other = waivers[i], waivers[j]
        start, end = max(w.granted, other.granted), min(w.expires, other.expires)
        problems.append(Problem(w.file, w.line, w.column, dotted(("waivers", i, "rule")),
                                f"waives {w.scope} from {start.isoformat()} to {end.isoformat()}, as waivers[{j}] "
                                f"(line {other.line}) already does; keep one waiver per rule and subject at a time "
                                "(a renewal starts after the earlier one expires)"))
    return problems


def subject_keys(profile) -> dict[str, frozenset[str] | None]:
    """The subject keys a profile has, by subject kind (None: the profile does not list that kind)."""
    from ...facts.catalogue import COLLECTIONS

    out: dict[str, frozenset[str] | None] = {"organisation": frozenset({"organisation"})}
    for kind, coll in COLLECTIONS.items():
        items: object = profile
        for attr in coll.path:
            items = getattr(items, attr, None) if items is not None else None
        out[kind] = None if items is None else frozenset(str(getattr(i, coll.key)) for i in items)
    return out


def check_waivers(waivers: tuple[Waiver, ...], strengths: dict[str, str], subjects: dict[str, str] | None = None,
                  keys: dict[str, frozenset[str] | None] | None = None) -> None:
    """Refuse waivers of legal duties and of rules the library does not have (``strengths``: id -> strength),
    and, given each rule's subject kind (``subjects``) and the profile's subject keys by kind (``keys``), a
    waiver for a subject the profile does not have: it would waive nothing, silently."""
    problems: list[Problem] = []
    for i, w in enumerate(waivers):
        key = dotted(("waivers", i, "rule"))
        if w.rule_id not in strengths:
            problems.append(Problem(w.file, w.line, w.column, key,
                                    f"no rule '{w.rule_id}' in the library{suggest(w.rule_id, list(strengths))}"))
        elif strengths[w.rule_id] == "duty":
            problems.append(Problem(w.file, w.line, w.column, key,
                                    f"rule '{w.rule_id}' is a legal duty and cannot be waived; only "
                                    "recommendations and good practice can be"))
        elif w.subject is not None and subjects is not None and keys is not None:
            kind = subjects.get(w.rule_id, "organisation")
            known = keys.get(kind)
            if known is not None and w.subject not in known:
                if kind == "organisation":
                    message = (f"rule '{w.rule_id}' is about the organisation as a whole, so subject '{w.subject}' "
                               "names nothing it finds; leave subject out")
                else:
                    ids = sorted(known)
                    message = (f"rule '{w.rule_id}' is about each {kind}, and the profile has no {kind} "
                               f"'{w.subject}'" + (suggest(w.subject, ids) or f"; its {kind} ids: "
                                                   + (", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
                                                      or "none")))
                line, column = w.subject_at if w.subject_at[0] is not None else (w.line, w.column)
                problems.append(Problem(w.file, line, column, dotted(("waivers", i, "subject")), message))
    if problems:
        raise WaiverError(f"{waivers[0].file}: {len(problems)} problem(s) in the waivers", problems)


@dataclass(frozen=True)
class Applied:
    """A report with waivers attached, the state of every waiver, and the lines to warn with."""

    report: Report
    states: tuple[WaiverState, ...]
    warnings: tuple[str, ...]


def apply_waivers(report: Report, waivers: tuple[Waiver, ...]) -> Applied:
    """Attach each waiver in effect on the report's as-of date to the gaps it covers."""
    as_of = dt.date.fromisoformat(report.evaluated_as_of)
    states = tuple(WaiverState(w, w.state_on(as_of)) for w in waivers)
    active = [s.waiver for s in states if s.state == "active"]
    findings = []
    for f in report.findings:
        # The latest expiry wins when two waivers cover the same gap.
        cover = max((w for w in active if w.covers(f.rule_id, f.subject.key)), key=lambda w: w.expires, default=None)
        findings.append(f.model_copy(update={"waiver": cover.out()}) if cover and f.status == "gap" else f)
    waived = sum(1 for f in findings if f.waiver is not None)
    summary = Summary(**{**report.summary.model_dump(), "waived": waived})
    warnings = []
    for s in states:
        w = s.waiver
        if s.state == "expired":
            warnings.append(f"warning: {w.source}: the waiver of {w.scope} expired on {w.expires.isoformat()}; "
                            "its gaps count again")
        elif s.state == "not_yet":
            warnings.append(f"warning: {w.source}: the waiver of {w.scope} is granted from {w.granted.isoformat()}, "
                            f"after the as-of date {as_of.isoformat()}; it does not apply yet")
    return Applied(report.model_copy(update={"findings": tuple(findings), "summary": summary}), states,
                   tuple(warnings))
