"""Findings: what a run concluded about each rule and subject, built from the rule's own metadata."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .library.spec import Status, Strength

FindingStatus = Literal[Status, "manual"]  # manual: a catalogue question nobody has answered yet

STATUS_ORDER = {"gap": 0, "unknown": 1, "manual": 2, "met": 3, "not_applicable": 4}
STRENGTH_ORDER = {"duty": 0, "recommendation": 1, "good_practice": 2}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # built on first use


class RefOut(_Frozen):
    document: str
    edition: str | None = None
    clause: str
    url: str | None = None


class RiskOut(_Frozen):
    likelihood: str
    impact: str
    rating: Literal["high", "medium", "low"]
    consequences: tuple[str, ...] = ()
    because: tuple[str, ...] = ()   # why the facts raised the rule's own rating, when they did


class FactUsed(_Frozen):
    path: str
    value: Any
    line: int | None = None


class SubjectOut(_Frozen):
    kind: str
    key: str
    name: str


class WaiverOut(_Frozen):
    """The justified deviation that covers a gap; the finding keeps its own status beside it."""

    subject: str | None = None
    justification: str
    approver: str
    granted: str
    expires: str
    source: str = ""


class EvidenceOut(_Frozen):
    """What a conclusion rests on: an ``evidence:`` record of the profile covering a fact the finding used,
    or the evidence an auditor gave with an answer."""

    kind: Literal["record", "answer"]
    id: str | None = None              # the record's id (records only)
    document: str | None = None        # what was read, or (answers) where the evidence is
    url: str | None = None
    seen: str | None = None            # the date it was seen (answers: the date of the answer)
    confirmed_by: str | None = None    # who confirmed it (answers: who answered)
    note: str | None = None
    covers: tuple[str, ...] = ()       # the finding's facts it supports, as profile paths
    line: int | None = None            # where the record or answer is in the profile


class OwnerOut(_Frozen):
    """Who owns putting a finding right: the senior manager responsible, unless the rule names another role."""

    role: str
    name: str | None = None
    source: str = ""                   # where it was read: governance.senior_manager, authority.roles[id], rule ...
    line: int | None = None


class Finding(_Frozen):
    """One rule's conclusion about one subject."""

    fingerprint: str
    rule_id: str
    title: str
    subject: SubjectOut
    status: FindingStatus
    strength: Strength
    stage: str
    risk_area: str
    refs: tuple[RefOut, ...]
    risk: RiskOut
    message: str
    remediation: str
    facts_used: tuple[FactUsed, ...] = ()
    missing_facts: tuple[str, ...] = ()
    waiver: WaiverOut | None = None
    deciding: tuple[str, ...] = ()     # profile paths of the facts that decided the status (a subset of the tests)
    evidence: tuple[EvidenceOut, ...] = ()
    owner: OwnerOut | None = None

    @property
    def open_gap(self) -> bool:
        """A gap nobody has justified: what --fail-on and the diff's new gaps count."""
        return self.status == "gap" and self.waiver is None

    def sort_key(self) -> tuple:
        return (STATUS_ORDER[self.status], STRENGTH_ORDER[self.strength], self.rule_id, self.subject.key)


def fingerprint(rule_id: str, subject_kind: str, subject_key: str) -> str:
    """Stable identity of a finding across runs: the rule and what it is about, nothing else."""
    return hashlib.sha256(f"{rule_id}\0{subject_kind}\0{subject_key}".encode()).hexdigest()[:16]


class ProfileInfo(_Frozen):
    name: str
    path: str
    as_of: str


class LibraryInfo(_Frozen):
    rules: int
    digest: str


class Summary(_Frozen):
    gap: int = 0
    met: int = 0
    not_applicable: int = 0
    unknown: int = 0
    manual: int = 0
    waived: int = 0


class RiskBands(_Frozen):
    """The cut-offs of the likelihood x impact matrix the ratings were made with."""

    high: int = 15
    medium: int = 6


REPORT_SCHEMA_ID = "urn:csaudit:report:1"


class Report(_Frozen):
    """The whole result of one check: the stable JSON shape."""

    csaudit: str
    profile: ProfileInfo
    evaluated_as_of: str
    engine: str
    library: LibraryInfo
    summary: Summary
    findings: tuple[Finding, ...]
    risk_bands: RiskBands = RiskBands()

    def to_json_dict(self) -> dict[str, Any]:
        return {"$schema": REPORT_SCHEMA_ID, **self.model_dump(mode="json")}
