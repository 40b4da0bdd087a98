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
    return tuple(
        Waiver(e.rule, e.subject, e.justification, e.approver, e.granted, e.expires, located.file,
               *located.position(("waivers", i, "rule")))
        for i, e in enumerate(parsed.waivers)
    )


def check_waivers(waivers: tuple[Waiver, ...], strengths: dict[str, str]) -> None:
    """Refuse waivers of legal duties and of rules the library does not have (``strengths``: id -> strength)."""
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
