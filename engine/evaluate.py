"""The front door: profile + library + date + backend -> a report of findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..facts.catalogue import COLLECTIONS, catalogue
from ..facts.flatten import FlatProfile, Subject, decode
from ..facts.loader import LoadedProfile
from . import __version__
from .findings import (FactUsed, Finding, LibraryInfo, ProfileInfo, RefOut, Report, RiskOut, SubjectOut, Summary,
                       fingerprint)
from .library import ir
from .library.describe import describe, render
from .library.loader import CompiledLibrary, Library, LoadedRule
from .match.backends import Backend, get_backend
from .match.results import RawResults
from .risk import DEFAULT_MATRIX, RiskMatrix


def profile_path(kind: str, key: str, path: str) -> str:
    """Where a subject's fact sits in the profile: channels[helpline].number."""
    if kind == "organisation":
        return path
    coll = COLLECTIONS[kind]
    return f"{'.'.join(coll.path)}[{key}].{path.split('.', 1)[1]}"


def _facts_used(cond_paths: list[str], counts: list[ir.Count], subject: Subject, flat: FlatProfile) -> list[FactUsed]:
    cat = catalogue()
    used: list[FactUsed] = []
    for path in cond_paths:
        owner = flat.organisation if cat[path].subject == "organisation" else subject
        if path in owner.values:
            used.append(FactUsed(path=profile_path(owner.kind, owner.key, path),
                                 value=decode(cat[path], owner.values[path]), line=owner.lines.get(path)))
    for node in counts:
        for item in sorted(flat.collections[node.kind] or (), key=lambda i: i.key):
            for path in ir.paths(node.where):
                if cat[path].subject == node.kind and path in item.values:
                    used.append(FactUsed(path=profile_path(item.kind, item.key, path),
                                         value=decode(cat[path], item.values[path]), line=item.lines.get(path)))
    seen: set[str] = set()
    return [u for u in used if not (u.path in seen or seen.add(u.path))]


def _missing(cond: ir.Cond, subject: Subject, flat: FlatProfile) -> list[str]:
    """Absent facts a condition reads: what the profile must state to settle it."""
    cat = catalogue()
    out: list[str] = []
    for path in ir.paths(_top(cond)):
        owner = flat.organisation if cat[path].subject == "organisation" else subject
        if path not in owner.values:
            out.append(profile_path(owner.kind, owner.key, cat[path].source or path))
    for node in ir.counts(cond):
        items = flat.collections[node.kind]
        if items is None:
            out.append(".".join(COLLECTIONS[node.kind].path))
            continue
        for item in sorted(items, key=lambda i: i.key):
            for path in ir.paths(node.where):
                owner = flat.organisation if cat[path].subject == "organisation" else item
                if path not in owner.values:
                    out.append(profile_path(owner.kind, owner.key, cat[path].source or path))
    return list(dict.fromkeys(out))


def _top(cond: ir.Cond) -> ir.Cond:
    """The condition without quantifier bodies (their facts belong to items)."""
    if isinstance(cond, ir.And):
        return ir.And(tuple(_top(c) for c in cond.items))
    if isinstance(cond, ir.Or):
        return ir.Or(tuple(_top(c) for c in cond.items))
    if isinstance(cond, ir.Not):
        return ir.Not(_top(cond.item))
    if isinstance(cond, ir.Count):
        return ir.Const(True)
    return cond


class _FindingBuilder:
    def __init__(self, loaded: LoadedRule, rule: ir.IRRule, flat: FlatProfile, matrix: RiskMatrix):
        self.loaded, self.spec, self.rule, self.flat = loaded, loaded.spec, rule, flat
        self.risk = RiskOut(likelihood=self.spec.risk.likelihood, impact=self.spec.risk.impact,
                            rating=matrix.rate(self.spec.risk.likelihood, self.spec.risk.impact),
                            consequences=tuple(self.spec.risk.consequences))
        self.refs = tuple(RefOut(**r.model_dump()) for r in self.spec.refs)

    def lookup(self, subject: Subject):
        cat = catalogue()

        def get(name: str) -> Any:
            if name.startswith("params."):
                return self.rule.params.get(name[7:])
            if name in ("subject", "subject.key"):
                return subject.label if name == "subject" else subject.key
            info = cat.get(name)
            if info is None:
                return None
            owner = self.flat.organisation if info.subject == "organisation" else subject
            return decode(info, owner.values.get(name))

        return get

    def build(self, subject: Subject, status: str, message: str, *, used=(), missing=()) -> Finding:
        return Finding(
            fingerprint=fingerprint(self.rule.id, subject.kind, subject.key),
            rule_id=self.rule.id, title=self.spec.title,
            subject=SubjectOut(kind=subject.kind, key=subject.key, name=subject.label),
            status=status, strength=self.spec.strength, stage=self.spec.stage, risk_area=self.spec.risk_area,
            refs=self.refs, risk=self.risk, message=message,
            remediation=render(self.spec.remediation, self.lookup(subject)),
            facts_used=tuple(used), missing_facts=tuple(missing),
        )

    def for_subject(self, subject: Subject, applies: ir.Truth, requires: ir.Truth) -> Finding:
        rule, spec = self.rule, self.spec
        get = self.lookup(subject)
        used = _facts_used(ir.paths(_top(rule.applies)) + ir.paths(_top(rule.requires)),
                           ir.counts(rule.applies) + ir.counts(rule.requires), subject, self.flat)
        if not rule.in_force:
            return self.build(subject, "not_applicable", f"Not applicable: {rule.out_of_force_reason}.")
        if applies is False:
            reason = render(spec.not_applicable, get) if spec.not_applicable else (
                f"Not applicable: it applies only when {describe(spec.applies_when)}.")
            return self.build(subject, "not_applicable", reason, used=used)
        if applies is None:
            missing = _missing(rule.applies, subject, self.flat)
            return self.build(subject, "unknown", _unknown_message(missing), used=used, missing=missing)
        if requires is True:
            return self.build(subject, "met", render(spec.met, get) if spec.met else f"Met: {spec.title}.", used=used)
        if requires is False:
            return self.build(subject, "gap", render(spec.gap, get), used=used)
        missing = _missing(rule.requires, subject, self.flat)
        return self.build(subject, "unknown", _unknown_message(missing), used=used, missing=missing)


def _unknown_message(missing: list[str]) -> str:
    if not missing:
        return "Cannot decide from the facts given."
    return "Cannot decide: the profile does not state " + ", ".join(missing) + "."


def findings_for(library: Library, compiled: CompiledLibrary, raw: RawResults, flat: FlatProfile,
                 matrix: RiskMatrix = DEFAULT_MATRIX) -> list[Finding]:
    """Turn backend outcomes into findings, one per rule and subject."""
    findings: list[Finding] = []
    for rule in compiled.rules:
        builder = _FindingBuilder(library.rules[rule.id], rule, flat, matrix)
        subjects = flat.subjects(rule.subject)
        if not subjects:
            coll = COLLECTIONS[rule.subject]
            where = ".".join(coll.path)
            placeholder = Subject(rule.subject, "*", f"all {rule.subject}s", {})
            if not rule.in_force:
                findings.append(builder.build(placeholder, "not_applicable",
                                              f"Not applicable: {rule.out_of_force_reason}."))
            elif subjects is None:
                findings.append(builder.build(placeholder, "unknown", _unknown_message([where]), missing=[where]))
            else:
                findings.append(builder.build(placeholder, "not_applicable",
                                              f"Not applicable: the profile lists no {rule.subject}s ({where} is empty)."))
            continue
        for subject in subjects:
            applies, requires = raw.get(rule.id, subject.key)
            findings.append(builder.for_subject(subject, applies, requires))
    findings.sort(key=Finding.sort_key)
    return findings


def run_check(loaded: LoadedProfile, library: Library, *, as_of: dt.date | None = None, engine: str = "durable",
              backend: Backend | None = None, matrix: RiskMatrix = DEFAULT_MATRIX,
              include_manual: bool = True) -> Report:
    """Evaluate ``library`` over a profile on ``as_of`` (default: the profile's own date)."""
    when = as_of or loaded.profile.as_of
    compiled = library.compile(when)
    backend = backend or get_backend(engine)
    flat = loaded.flat()
    raw = backend.evaluate(backend.prepare(compiled), flat)
    findings = findings_for(library, compiled, raw, flat, matrix)
    if include_manual:
        from .manual import check_answers, manual_findings

        answers = loaded.profile.answers
        check_answers(answers, library.catalogues, loaded.located)
        findings += manual_findings(library.catalogues, answers, flat.organisation, loaded.located, matrix)
        findings.sort(key=Finding.sort_key)
    counts = {s: 0 for s in ("gap", "met", "not_applicable", "unknown", "manual")}
    for f in findings:
        counts[f.status] += 1
    return Report(
        csaudit=__version__,
        profile=ProfileInfo(name=loaded.profile.organisation.name, path=loaded.path,
                            as_of=loaded.profile.as_of.isoformat()),
        evaluated_as_of=when.isoformat(), engine=backend.name,
        library=LibraryInfo(rules=len(library.rules), digest=library.digest),
        summary=Summary(**counts), findings=tuple(findings),
    )
