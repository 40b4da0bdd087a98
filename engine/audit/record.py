"""What a recorded run is made of, and how one is assembled from a finished check.

A run keeps enough beside its findings to explain later why a finding moved:
the profile's facts by path, each rule's digest and dates in force, and the
waivers as they stood on the run's as-of date. These plain records are what the
store writes and reads back, and what the diff compares; neither needs the
other's internals.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, LibraryInfo, ProfileInfo, Report, RiskBands, Summary
from .waivers import WaiverState


@dataclass(frozen=True)
class RunInfo:
    """The header of a recorded run."""

    id: int
    organisation: str
    cycle: str
    profile_path: str
    profile_as_of: str
    evaluated_as_of: str
    engine: str
    csaudit_version: str
    library_version: str
    library_source: str
    library_digest: str
    library_rules: int
    run_by: str
    started_at: str
    recorded_at: str
    summary: Summary
    risk_bands: RiskBands = RiskBands()

    @property
    def label(self) -> str:
        return f"run {self.id} ({self.organisation}, cycle {self.cycle}, as of {self.evaluated_as_of})"

    def to_json_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("summary", "risk_bands")}
        out["summary"] = self.summary.model_dump()
        out["risk_bands"] = self.risk_bands.model_dump()
        return out


@dataclass(frozen=True)
class StoredFact:
    """One fact of the profile snapshot; ``derived_from`` names the stated fact a derived one comes from."""

    value: Any
    line: int | None = None
    derived_from: str | None = None


@dataclass(frozen=True)
class RuleRecord:
    """A rule as one run used it."""

    rule_id: str
    digest: str
    title: str
    strength: str
    valid_from: str | None = None
    valid_to: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    def in_force(self, as_of: str) -> bool:
        starts, ends = self.valid_from or as_of, self.valid_to or as_of
        return starts <= as_of <= ends


@dataclass(frozen=True)
class StoredWaiver:
    """A waiver as a run saw it (state on the run's as-of date: active, expired or not_yet)."""

    rule_id: str
    subject: str | None
    justification: str
    approver: str
    granted: str
    expires: str
    state: str
    source: str = ""

    def covers(self, rule_id: str, subject_key: str) -> bool:
        return self.rule_id == rule_id and self.subject in (None, subject_key)


@dataclass(frozen=True)
class StoredRun:
    """Everything one run recorded: header, findings and the context needed to explain changes."""

    info: RunInfo
    findings: tuple[Finding, ...]
    facts: dict[str, StoredFact] = field(default_factory=dict)
    rules: dict[str, RuleRecord] = field(default_factory=dict)
    waivers: tuple[StoredWaiver, ...] = ()

    def report(self) -> Report:
        """The run as the report a check printed when it was made."""
        i = self.info
        return Report(csaudit=i.csaudit_version,
                      profile=ProfileInfo(name=i.organisation, path=i.profile_path, as_of=i.profile_as_of),
                      evaluated_as_of=i.evaluated_as_of, engine=i.engine,
                      library=LibraryInfo(rules=i.library_rules, digest=i.library_digest),
                      summary=i.summary, findings=self.findings, risk_bands=i.risk_bands)


@dataclass(frozen=True)
class RunRecord:
    """A run about to be written: the stored run without its id, plus the profile's text."""

    run: StoredRun
    profile_text: str

    @property
    def profile_digest(self) -> str:
        return hashlib.sha256(self.profile_text.encode()).hexdigest()[:16]


def run_by_default() -> str:
    """Who ran the check when nobody said: the login name."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def now_utc() -> str:
    """The time to record; SOURCE_DATE_EPOCH, when set, fixes it for reproducible output."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(fixed), dt.timezone.utc) if fixed else dt.datetime.now(dt.timezone.utc)
    return when.isoformat(timespec="seconds")


def profile_facts(loaded) -> dict[str, StoredFact]:
    """Every stated and derived fact of a loaded profile by its profile path, as reports name them."""
    from ...facts.catalogue import catalogue
    from ...facts.flatten import decode
    from ..evaluate import profile_path

    cat = catalogue()
    flat = loaded.flat()
    subjects = [flat.organisation] + [s for items in flat.collections.values() for s in items or ()]
    out: dict[str, StoredFact] = {}
    for subject in subjects:
        for path, value in subject.values.items():
            info = cat[path]
            source = profile_path(subject.kind, subject.key, info.source) if info.derived and info.source else None
            out[profile_path(subject.kind, subject.key, path)] = StoredFact(decode(info, value),
                                                                           subject.lines.get(path), source)
    return dict(sorted(out.items()))


def rule_records(library, as_of: dt.date) -> dict[str, RuleRecord]:
    """Each rule of ``library`` with its digest, dates in force and dated params resolved for ``as_of``."""
    compiled = library.compile(as_of)
    out: dict[str, RuleRecord] = {}
    for rule_id, loaded in sorted(library.rules.items()):
        spec = loaded.spec
        out[rule_id] = RuleRecord(
            rule_id=rule_id, digest=loaded.digest, title=spec.title, strength=spec.strength,
            valid_from=spec.valid_from.isoformat() if spec.valid_from else None,
            valid_to=spec.valid_to.isoformat() if spec.valid_to else None,
            params={k: (v.isoformat() if isinstance(v, dt.date) else v)
                    for k, v in compiled.by_id[rule_id].params.items()},
            path=str(loaded.path),
        )
    return out


def library_identity(library) -> tuple[str, str]:
    """(version, source) of a library: the bundled one is versioned with csaudit; --rules folders are not."""
    from ...rules import LIBRARY_DIR
    from .. import __version__

    if [Path(r).resolve() for r in library.roots] == [LIBRARY_DIR]:
        return __version__, "bundled"
    return "unversioned", ", ".join(str(r) for r in library.roots)


def build_record(report: Report, loaded, library, waivers: tuple[WaiverState, ...], *, cycle: str,
                 run_by: str, started_at: str) -> RunRecord:
    """Everything a finished check leaves in the database."""
    version, source = library_identity(library)
    as_of = dt.date.fromisoformat(report.evaluated_as_of)
    info = RunInfo(
        id=0, organisation=report.profile.name, cycle=cycle, profile_path=report.profile.path,
        profile_as_of=report.profile.as_of, evaluated_as_of=report.evaluated_as_of, engine=report.engine,
        csaudit_version=report.csaudit, library_version=version, library_source=source,
        library_digest=report.library.digest, library_rules=report.library.rules, run_by=run_by,
        started_at=started_at, recorded_at="", summary=report.summary, risk_bands=report.risk_bands,
    )
    stored = tuple(
        StoredWaiver(s.waiver.rule_id, s.waiver.subject, s.waiver.justification, s.waiver.approver,
                     s.waiver.granted.isoformat(), s.waiver.expires.isoformat(), s.state, s.waiver.source)
        for s in waivers
    )
    run = StoredRun(info, report.findings, profile_facts(loaded), rule_records(library, as_of), stored)
    return RunRecord(run, loaded.located.text or _profile_text(loaded.path))


def _profile_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError:  # the profile was read a moment ago; a vanished file only loses the copy of its text
        return ""
