"""The front door: profile + library + date + backend -> a report of findings."""

from __future__ import annotations

import datetime as dt

from ..facts.catalogue import COLLECTIONS, catalogue
from ..facts.flatten import FlatProfile, Subject
from ..facts.loader import LoadedProfile
from . import __version__
from .explanation import Explainer, construct, profile_path, rule_reads
from .findings import (EvidenceOut, Finding, LibraryInfo, OwnerOut, ProfileInfo, RefOut, Report, RiskBands, RiskOut,
                       SubjectOut, Summary, fingerprint)
from .library import ir
from .library.describe import MessageContext, describe, fill
from .library.loader import CompiledLibrary, Library, LoadedRule
from .match.backends import Backend, get_backend
from .match.plan import plan_of
from .match.results import RawResults
from .risk import DEFAULT_MATRIX, IMPACT, LIKELIHOOD, RiskMatrix

_FINGERPRINTS: dict[tuple[str, str, str], str] = {}


def _fingerprint(rule_id: str, kind: str, key: str) -> str:
    found = _FINGERPRINTS.get((rule_id, kind, key))
    if found is None:
        if len(_FINGERPRINTS) > 200_000:
            _FINGERPRINTS.clear()
        found = _FINGERPRINTS[(rule_id, kind, key)] = fingerprint(rule_id, kind, key)
    return found


def stated_at(path: str, owner: Subject) -> list[str]:
    """The profile paths a fact of ``owner`` is read from: its own, and for a derived or joined fact the stated
    key it comes from (a returns route's term, the number a cost class is read off, ``complete_lists``)."""
    info = catalogue()[path]
    out = [profile_path(owner.kind, owner.key, path)]
    if info.source == "complete_lists":
        out.append("complete_lists")
    elif info.source == "offering.returns":
        route = owner.values.get(f"offering.{info.attrs[0]}.route")
        if route is not None:
            out.append(f"policies.returns[{route}].{info.attrs[-1]}")
    elif info.derived and info.source:
        out.append(profile_path(owner.kind, owner.key, info.source))
    return out


class _RuleStatic:
    """What every finding of one rule shares (its risk, references, templates), built once per rule."""

    __slots__ = ("loaded", "rule", "risk", "refs", "units", "na", "templated")

    def __init__(self, loaded: LoadedRule, rule: ir.IRRule, matrix: RiskMatrix):
        spec = loaded.spec
        self.loaded, self.rule = loaded, rule
        self.risk = construct(RiskOut, likelihood=spec.risk.likelihood, impact=spec.risk.impact,
                              rating=matrix.rate(spec.risk.likelihood, spec.risk.impact),
                              consequences=tuple(spec.risk.consequences), because=())
        self.refs = tuple(construct(RefOut, document=r.document, edition=r.edition, clause=r.clause, url=r.url)
                          for r in spec.refs)
        self.units = {n: p.unit for n, p in spec.params.items()}
        self.na = spec.not_applicable or f"Not applicable: it applies only when {describe(spec.applies_when)}."
        self.templated = {name: "{" in (getattr(spec, name) or "")
                          for name in ("met", "gap", "not_applicable", "remediation")}


_STATIC: dict[tuple, _RuleStatic] = {}


def _static(loaded: LoadedRule, rule: ir.IRRule, matrix: RiskMatrix) -> _RuleStatic:
    key = (id(loaded), id(rule), matrix.high, matrix.medium)
    entry = _STATIC.get(key)
    if entry is None or entry.loaded is not loaded or entry.rule is not rule:
        if len(_STATIC) > 20_000:
            _STATIC.clear()
        entry = _STATIC[key] = _RuleStatic(loaded, rule, matrix)
    return entry


class _FindingBuilder:
    """Builds one rule's findings over one profile, reading explanations from the profile's node truths."""

    def __init__(self, loaded: LoadedRule, rule: ir.IRRule, explainer: Explainer, matrix: RiskMatrix,
                 raw: RawResults, flat: FlatProfile, subjects_out: dict):
        self.spec, self.rule, self.explainer, self.matrix, self.raw = loaded.spec, rule, explainer, matrix, raw
        self.static = _static(loaded, rule, matrix)
        self.flat = flat
        self.subjects_out = subjects_out   # one SubjectOut per subject of the profile
        self._context: tuple[Subject, MessageContext] | None = None

    def context(self, subject: Subject) -> MessageContext:
        """What this rule's messages about ``subject`` can name, for ``describe.fill`` (made once per subject:
        a finding's message and remediation share it)."""
        if self._context is None or self._context[0] is not subject:
            context = MessageContext(subject=subject.label, key=subject.key,
                                     values=self.explainer.truths.values(subject), params=self.rule.params,
                                     units=self.static.units, name_of=self.name_of)
            self._context = (subject, context)
        return self._context[1]

    def name_of(self, kind: str, key: str) -> str | None:
        """The name of the subject of ``kind`` with id ``key`` (a fact naming another role, channel ...)."""
        items = self.flat.collections.get(kind) or ()
        return next((i.label for i in items if i.key == key), None)

    def _text(self, name: str, subject: Subject) -> str:
        """One of the rule's message templates, filled for ``subject`` when it has placeholders."""
        template = getattr(self.spec, name)
        return fill(template, self.context(subject)) if self.static.templated[name] else template

    def build(self, subject: Subject, status: str, message: str, *, used=(), missing=(), deciding=()) -> Finding:
        # Every field is built here from validated rules and profiles: constructed without validating again.
        out = self.subjects_out.get((subject.kind, subject.key))
        if out is None:
            out = self.subjects_out[(subject.kind, subject.key)] = construct(
                SubjectOut, kind=subject.kind, key=subject.key, name=subject.label)
        spec = self.spec
        return construct(
            Finding, fingerprint=_fingerprint(self.rule.id, subject.kind, subject.key),
            rule_id=self.rule.id, title=spec.title, subject=out,
            status=status, strength=spec.strength, stage=spec.stage, risk_area=spec.risk_area,
            refs=self.static.refs, message=message,
            risk=self.risk_for(subject) if status in ("gap", "unknown") else self.static.risk,  # cases raise open risks
            remediation=self._text("remediation", subject),
            facts_used=used, missing_facts=tuple(missing), waiver=None, deciding=deciding,
            evidence=(), owner=None,
        )

    def risk_for(self, subject: Subject) -> RiskOut:
        """The rule's risk, raised by each of its risk cases that surely holds for this subject."""
        base = self.static.risk
        cases = self.spec.risk.when
        if not cases:
            return base
        held = [case for i, case in enumerate(cases)
                if self.raw.get(ir.risk_case_id(self.rule.id, i), subject.key)[1] is True]
        if not held:
            return base
        likelihood = max([base.likelihood] + [c.likelihood for c in held if c.likelihood], key=LIKELIHOOD.get)
        impact = max([base.impact] + [c.impact for c in held if c.impact], key=IMPACT.get)
        consequences = tuple(dict.fromkeys(base.consequences + tuple(k for c in held for k in c.consequences or ())))
        return RiskOut(likelihood=likelihood, impact=impact, rating=self.matrix.rate(likelihood, impact),
                       consequences=consequences, because=tuple(c.because for c in held))

    def for_subject(self, subject: Subject, applies: ir.Truth, requires: ir.Truth) -> Finding:
        rule, spec, explainer = self.rule, self.spec, self.explainer
        if not rule.in_force:
            return self.build(subject, "not_applicable", f"Not applicable: {rule.out_of_force_reason}.")
        applies_at, requires_at = explainer.plan.roots[rule.id]
        used = explainer.facts_used(rule_reads(explainer.plan, rule.id), subject)
        if applies is False:
            reason = self._text("not_applicable", subject) if spec.not_applicable else self.static.na
            return self.build(subject, "not_applicable", reason, used=used,
                              deciding=explainer.deciding(applies_at, subject))
        if applies is None:
            missing = explainer.missing(applies_at, subject)
            return self.build(subject, "unknown", _unknown_message(missing), used=used, missing=missing)
        if requires is True:
            message = self._text("met", subject) if spec.met else f"Met: {spec.title}."
            return self.build(subject, "met", message, used=used,
                              deciding=explainer.deciding(requires_at, subject))
        if requires is False:
            return self.build(subject, "gap", self._text("gap", subject), used=used,
                              deciding=explainer.deciding(requires_at, subject))
        missing = explainer.missing(requires_at, subject)
        return self.build(subject, "unknown", _unknown_message(missing), used=used, missing=missing)


def _unknown_message(missing: list[str]) -> str:
    if not missing:
        return "Cannot decide from the facts given."
    return "Cannot decide: the profile does not state " + ", ".join(missing) + "."


def findings_for(library: Library, compiled: CompiledLibrary, raw: RawResults, flat: FlatProfile,
                 matrix: RiskMatrix = DEFAULT_MATRIX) -> list[Finding]:
    """Turn backend outcomes into findings, one per rule and subject.

    The explanations are read from the node truths of the library's plan: the python engine leaves them
    in ``raw``; after another engine the plan is run once here (a fraction of matching).
    """
    plan = plan_of(compiled)
    truths = raw.truths if raw.truths is not None and raw.truths.plan is plan and raw.truths.flat is flat \
        else plan.run(flat)
    explainer = Explainer(truths)
    findings: list[Finding] = []
    subjects_out: dict = {}
    for rule in compiled.rules:
        if rule.risk_case_of:
            continue
        builder = _FindingBuilder(library.rules[rule.id], rule, explainer, matrix, raw, flat, subjects_out)
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
        get = raw.outcomes.get
        for subject in subjects:
            applies, requires = get((rule.id, subject.key), (None, None))
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
        findings += manual_findings(library.catalogues, answers, flat.organisation, loaded.located, matrix,
                                    as_of=when)
        findings.sort(key=Finding.sort_key)
    findings = with_context(findings, loaded, library, flat)
    counts = {s: 0 for s in ("gap", "met", "not_applicable", "unknown", "manual")}
    for f in findings:
        counts[f.status] += 1
    return Report(
        csaudit=__version__,
        profile=ProfileInfo(name=loaded.profile.organisation.name, path=loaded.path,
                            as_of=loaded.profile.as_of.isoformat()),
        evaluated_as_of=when.isoformat(), engine=raw.engine or backend.name,
        library=LibraryInfo(rules=len(library.rules), digest=library.digest),
        summary=Summary(**counts), findings=tuple(findings), risk_bands=RiskBands(high=matrix.high, medium=matrix.medium),
    )


# ------------------------------------------------------------------ who owns a finding, what it rests on

SENIOR_MANAGER = "Senior manager responsible for customer service"


def accountable(loaded: LoadedProfile) -> OwnerOut:
    """The senior manager responsible for customer service as the profile names them (BS 8477 5.2.1.2 e)),
    the owner of a small business who holds the role, or a placeholder that says nobody is named."""
    gov = loaded.profile.governance
    sm = gov.senior_manager if gov is not None else None
    if sm is not None and (sm.name or sm.role):
        return OwnerOut(role=sm.role or SENIOR_MANAGER, name=sm.name, source="governance.senior_manager",
                        line=loaded.located.position(("governance", "senior_manager"))[0])
    if gov is not None and gov.owner_responsible:
        return OwnerOut(role="Business owner", source="governance.owner_responsible",
                        line=loaded.located.position(("governance", "owner_responsible"))[0])
    return OwnerOut(role=f"{SENIOR_MANAGER} (not named: state governance.senior_manager)", source="")


def _named_owner(named: str, loaded: LoadedProfile) -> OwnerOut:
    """A role a rule names as owner: the profile's role with that id or title, else the rule's own words."""
    roles = loaded.profile.authority.roles if loaded.profile.authority and loaded.profile.authority.roles else []
    for i, role in enumerate(roles):
        if named.lower() in (role.id.lower(), (role.title or "").lower()):
            return OwnerOut(role=role.title or role.id, source=f"authority.roles[{role.id}]",
                            line=loaded.located.position(("authority", "roles", i))[0])
    return OwnerOut(role=named[0].upper() + named[1:], source="rule")


def _sources(path: str, subjects: dict[tuple[str, str], Subject]) -> list[str]:
    """A used fact's profile path and the stated keys it was read from."""
    kind, key, fact = "organisation", "organisation", path
    for k, coll in COLLECTIONS.items():
        prefix = ".".join(coll.path) + "["
        if path.startswith(prefix) and "]." in path:
            key, rest = path[len(prefix):].split("].", 1)
            kind, fact = k, f"{k}.{rest}"
            break
    owner = subjects.get((kind, key))
    if owner is None or fact not in catalogue():
        return [path]
    return stated_at(fact, owner)


def _covers(cover: str, path: str) -> bool:
    """An evidence path covers itself and everything below it."""
    return path == cover or path.startswith((cover + ".", cover + "["))


def with_context(findings: list[Finding], loaded: LoadedProfile, library: Library,
                 flat: FlatProfile | None = None) -> list[Finding]:
    """Each finding with its owner and the evidence covering the facts it used (and, for an answered
    question, the evidence given with the answer).

    The findings are the ones this run has just built and nobody else holds yet: their owner and evidence
    are filled in place rather than copying every finding once more.
    """
    from ..facts.answers import Answer

    flat = flat or loaded.flat()
    subjects = {("organisation", "organisation"): flat.organisation}
    subjects.update({(s.kind, s.key): s for items in flat.collections.values() for s in items or ()})
    records = [(i, e) for i, e in enumerate(loaded.profile.evidence or ())]
    answers = loaded.profile.answers or {}
    default_owner = accountable(loaded)
    named: dict[str, OwnerOut] = {}
    sources: dict[str, list[str]] = {}
    covered_by: dict[tuple[int, str], bool] = {}   # (record, fact path) -> the record covers the fact

    def covers(i: int, record, path: str) -> bool:
        found = covered_by.get((i, path))
        if found is None:
            read_from = sources.get(path)
            if read_from is None:
                read_from = sources[path] = _sources(path, subjects)
            found = covered_by[(i, path)] = any(_covers(c, p) for c in record.covers for p in read_from)
        return found

    for f in findings:
        rule = library.rules.get(f.rule_id)
        owner_text = getattr(rule.spec, "owner", None) if rule is not None else None
        owner = default_owner
        if owner_text:
            owner = named.get(owner_text)
            if owner is None:
                owner = named[owner_text] = _named_owner(owner_text, loaded)
        evidence: list[EvidenceOut] = []
        if f.rule_id in answers and f.facts_used and f.facts_used[0].path == f"answers.{f.rule_id}":
            given = answers[f.rule_id]
            if isinstance(given, Answer) and (given.evidence or given.answered_by or given.note or given.date
                                              or given.url):
                evidence.append(EvidenceOut(kind="answer", document=given.evidence, url=given.url,
                                            confirmed_by=given.answered_by,
                                            seen=given.date.isoformat() if given.date else None, note=given.note,
                                            covers=(f"answers.{f.rule_id}",), line=f.facts_used[0].line))
        if f.facts_used:
            for i, record in records:
                covered = tuple(u.path for u in f.facts_used if covers(i, record, u.path))
                if covered:
                    evidence.append(EvidenceOut(
                        kind="record", id=record.id, document=record.document, url=record.url,
                        seen=record.seen.isoformat() if record.seen else None, confirmed_by=record.confirmed_by,
                        note=record.note, covers=covered, line=loaded.located.position(("evidence", i))[0]))
        f.__dict__["owner"] = owner
        f.__dict__["evidence"] = tuple(evidence)
    return findings
