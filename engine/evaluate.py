"""The front door: profile + library + date + backend -> a report of findings."""

from __future__ import annotations

import datetime as dt
from collections import ChainMap

from ..facts.catalogue import COLLECTIONS, LIST_KINDS, catalogue
from ..facts.flatten import FlatProfile, Subject, decode
from ..facts.loader import LoadedProfile
from . import __version__
from .findings import (EvidenceOut, FactUsed, Finding, LibraryInfo, OwnerOut, ProfileInfo, RefOut, Report, RiskBands,
                       RiskOut, SubjectOut, Summary, fingerprint)
from .library import ir
from .library.describe import MessageContext, describe, fill
from .library.loader import CompiledLibrary, Library, LoadedRule
from .match.backends import Backend, get_backend
from .match.python import count_items
from .match.results import RawResults
from .match.truths import truths_of
from .risk import DEFAULT_MATRIX, IMPACT, LIKELIHOOD, RiskMatrix


def profile_path(kind: str, key: str, path: str) -> str:
    """Where a subject's fact sits in the profile: channels[helpline].number."""
    if kind == "organisation":
        return path
    coll = COLLECTIONS[kind]
    return f"{'.'.join(coll.path)}[{key}].{path.split('.', 1)[1]}"


def _facts_used(cond_paths: list[str], counts: list[ir.Count], subject: Subject, flat: FlatProfile,
                _sorted: dict | None = None) -> list[FactUsed]:
    cat = catalogue()
    used: list[FactUsed] = []
    seen: set[str] = set()
    made = {} if _sorted is None else _sorted.setdefault("\0facts", {})  # one FactUsed per fact and profile

    def add(owner: Subject, path: str) -> None:
        key = (owner.kind, owner.key, path)
        fact = made.get(key)
        if fact is None or fact[0] is not owner:
            fact = made[key] = (owner, _construct(FactUsed, path=profile_path(owner.kind, owner.key, path),
                                                  value=decode(cat[path], owner.values[path]),
                                                  line=owner.lines.get(path)))
        if fact[1].path not in seen:
            seen.add(fact[1].path)
            used.append(fact[1])

    org = flat.organisation
    for path, on_org in _on_org(cond_paths):
        owner = org if on_org else subject
        if path in owner.values:
            add(owner, path)
    for node in counts:
        # The items' facts do not depend on the subject: worked out once per quantifier and profile.
        key = ("\0count", node.qid)
        facts = None if _sorted is None else _sorted.get(key)
        if facts is None:
            facts = []
            item_paths = [p for p in _where_paths(node) if cat[p].subject == node.kind]
            for item in _sorted_items(node.kind, flat, _sorted):
                for path in item_paths:
                    if path in item.values:
                        facts.append(_construct(FactUsed, path=profile_path(item.kind, item.key, path),
                                                value=decode(cat[path], item.values[path]),
                                                line=item.lines.get(path)))
            if _sorted is not None:
                _sorted[key] = facts
        for fact in facts:
            if fact.path not in seen:
                seen.add(fact.path)
                used.append(fact)
    return used


_ON_ORG: dict[int, tuple] = {}


def _on_org(cond_paths: list[str]) -> list[tuple[str, bool]]:
    """Each path with whether the organisation holds it (worked out once per rule)."""
    entry = _ON_ORG.get(id(cond_paths))
    if entry is None or entry[0] is not cond_paths:
        cat = catalogue()
        entry = _ON_ORG[id(cond_paths)] = (cond_paths, [(p, cat[p].subject == "organisation") for p in cond_paths])
    return entry[1]


_FINGERPRINTS: dict[tuple[str, str, str], str] = {}


def _fingerprint(rule_id: str, kind: str, key: str) -> str:
    found = _FINGERPRINTS.get((rule_id, kind, key))
    if found is None:
        if len(_FINGERPRINTS) > 200_000:
            _FINGERPRINTS.clear()
        found = _FINGERPRINTS[(rule_id, kind, key)] = fingerprint(rule_id, kind, key)
    return found


def _fill(template: str, context: MessageContext) -> str:
    return fill(template, context) if "{" in template else template


_RULE_INFO: dict[int, tuple] = {}


def _rule_info(rule: ir.IRRule) -> tuple[list[str], list[ir.Count]]:
    """What a finding of ``rule`` reads, the same for every subject and profile: worked out once per rule."""
    entry = _RULE_INFO.get(id(rule))
    if entry is None or entry[0] is not rule:
        if len(_RULE_INFO) > 50_000:
            _RULE_INFO.clear()
        entry = (rule, ir.paths(_top(rule.applies)) + ir.paths(_top(rule.requires)),
                 ir.counts(rule.applies) + ir.counts(rule.requires))
        _RULE_INFO[id(rule)] = entry
    return entry[1], entry[2]


_WHERE_PATHS: dict[int, tuple] = {}


def _where_paths(node: ir.Count) -> list[str]:
    entry = _WHERE_PATHS.get(id(node))
    if entry is None or entry[0] is not node:
        if len(_WHERE_PATHS) > 50_000:
            _WHERE_PATHS.clear()
        entry = (node, ir.paths(node.where))
        _WHERE_PATHS[id(node)] = entry
    return entry[1]


_COUNTS: dict[int, tuple] = {}


def _counts(cond: ir.Cond) -> list[ir.Count]:
    entry = _COUNTS.get(id(cond))
    if entry is None or entry[0] is not cond:
        if len(_COUNTS) > 50_000:
            _COUNTS.clear()
        entry = (cond, ir.counts(cond))
        _COUNTS[id(cond)] = entry
    return entry[1]


def _sorted_items(kind: str, flat: FlatProfile, cache: dict | None) -> list[Subject]:
    """The items of a collection by key (once per profile when ``cache`` is given)."""
    if cache is not None and kind in cache:
        return cache[kind]
    items = sorted(flat.collections[kind] or (), key=lambda i: i.key)
    if cache is not None:
        cache[kind] = items
    return items


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


def _memo(cond: ir.Cond, values, quantified):
    """Each node's truth of ``cond`` over ``values``, worked out in one pass, read as ``memo(node)``."""
    compiled = truths_of(cond)
    out = compiled.run(values, quantified)
    index = compiled.index
    return lambda node: out[index[id(node)]]


def _deciding(cond: ir.Cond, values, quantified, subject: Subject, flat: FlatProfile, out: list[str],
              memo=None, _sorted: dict | None = None) -> None:
    """The facts that settle a decided condition: for a false "all" its false parts, for a true "any" its true
    parts, otherwise every part; a count is settled by the items' facts. Unknown conditions add nothing."""
    if memo is None:
        memo = _memo(cond, values, quantified)
    t = memo(cond)
    if t is None:
        return
    if isinstance(cond, ir.Test):
        owner = flat.organisation if catalogue()[cond.path].subject == "organisation" else subject
        out.append(profile_path(owner.kind, owner.key, cond.path))
    elif isinstance(cond, (ir.And, ir.Or)):
        settling = [c for c in cond.items if memo(c) is t]
        if isinstance(cond, ir.And) and t is False or isinstance(cond, ir.Or) and t is True:
            settling = settling[:1] if len(settling) > 1 and all(isinstance(c, ir.Const) for c in settling) else settling
        for item in settling:
            _deciding(item, values, quantified, subject, flat, out, memo, _sorted)
    elif isinstance(cond, ir.Not):
        _deciding(cond.item, values, quantified, subject, flat, out, memo, _sorted)
    elif isinstance(cond, ir.Count):
        # What settles each item does not depend on the subject: once per quantifier and profile.
        key = ("\0deciding", cond.qid)
        found = None if _sorted is None else _sorted.get(key)
        if found is None:
            found = []
            for item in _sorted_items(cond.kind, flat, _sorted):
                _deciding(cond.where, ChainMap(item.values, flat.organisation.values), {}, item, flat, found, None,
                          _sorted)
            if _sorted is not None:
                _sorted[key] = found
        out.extend(found)


def _quantified(cond: ir.Cond, flat: FlatProfile, cache: dict | None) -> dict[str, ir.Truth]:
    """The truth of each count in ``cond`` (they do not depend on the subject: once per profile with ``cache``)."""
    out: dict[str, ir.Truth] = {}
    for node in _counts(cond):
        if cache is not None and node.qid in cache:
            out[node.qid] = cache[node.qid]
            continue
        out[node.qid] = ir.count_truth(node, *count_items(node, flat))
        if cache is not None:
            cache[node.qid] = out[node.qid]
    return out


def deciding_facts(cond: ir.Cond, subject: Subject, flat: FlatProfile, _cache: dict | None = None) -> list[str]:
    """Profile paths of the facts that decided ``cond`` for ``subject``, in rule order."""
    values = _values(subject, flat, _cache)
    quantified = _quantified(cond, flat, None if _cache is None else _cache.setdefault("q", {}))
    out: list[str] = []
    _deciding(cond, values, quantified, subject, flat, out, None,
              None if _cache is None else _cache.setdefault("items", {}))
    return list(dict.fromkeys(out))


def _absent(path: str, owner: Subject, flat: FlatProfile) -> str | None:
    """How to name an absent fact so the reader knows what to add to the profile (None: nothing to add)."""
    info = catalogue()[path]
    if info.source == "complete_lists":   # the list may hold more than the profile names
        name = path.split(".", 1)[1]
        return f"complete_lists: {name}" if flat.collections.get(LIST_KINDS[name]) is not None else None
    if info.source == "offering.returns":  # a term of the returns route joined onto the offering
        slot, term = info.attrs[0], info.attrs[-1]
        route = owner.values.get(f"offering.{slot}.route")
        if route is not None:
            return f"policies.returns[{route}].{term}"
        return f"policies.returns (a {slot.replace('_', ' ')} route for {owner.key}), or complete_lists: returns"
    return profile_path(owner.kind, owner.key, info.source or path)


def _missing(cond: ir.Cond, subject: Subject, flat: FlatProfile, _cache: dict | None = None) -> list[str]:
    """Absent facts that could still decide an unknown condition: what the profile must state to settle it.

    Branches already decided are left out (an ``any`` that is unknown names only its unknown parts),
    so the reader is asked only for facts that can change the outcome.
    """
    values = _values(subject, flat, _cache)
    quantified = _quantified(cond, flat, None if _cache is None else _cache.setdefault("q", {}))
    out: list[str | None] = []
    _needed(cond, values, quantified, subject, flat, out, _memo(cond, values, quantified))
    return [m for m in dict.fromkeys(out) if m is not None]


def _needed(cond: ir.Cond, values, quantified, subject: Subject, flat: FlatProfile, out: list, memo=None) -> None:
    if memo is None:
        memo = _memo(cond, values, quantified)
    if memo(cond) is not None:
        return
    if isinstance(cond, ir.Test):
        owner = flat.organisation if catalogue()[cond.path].subject == "organisation" else subject
        out.append(_absent(cond.path, owner, flat))
    elif isinstance(cond, (ir.And, ir.Or)):
        for item in cond.items:
            _needed(item, values, quantified, subject, flat, out, memo)
    elif isinstance(cond, ir.Not):
        _needed(cond.item, values, quantified, subject, flat, out, memo)
    elif isinstance(cond, ir.Count):
        items = flat.collections[cond.kind]
        if items is None:
            out.append(".".join(COLLECTIONS[cond.kind].path))
            return
        for item in sorted(items, key=lambda i: i.key):
            _needed(cond.where, ChainMap(item.values, flat.organisation.values), {}, item, flat, out)


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


def _construct(cls, **values):
    """A frozen model from values csaudit built itself and knows to be valid: what ``model_construct`` does,
    without its per-field bookkeeping (every field is given here; building findings is a hot loop)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def _values(subject: Subject, flat: FlatProfile, cache: dict | None):
    """A subject's facts with the organisation's beneath them (one merged map per subject and profile)."""
    if subject.kind == "organisation":
        return subject.values
    if cache is None:
        return ChainMap(subject.values, flat.organisation.values)
    merged = cache.setdefault("values", {})
    key = (subject.kind, subject.key)
    found = merged.get(key)
    if found is None or found[0] is not subject:
        found = merged[key] = (subject, {**flat.organisation.values, **subject.values})
    return found[1]


_STATIC: dict[tuple, tuple] = {}


def _static(loaded: LoadedRule, rule: ir.IRRule, matrix: RiskMatrix) -> tuple:
    """What every finding of one rule shares (its risk, references, parameter units), built once per rule."""
    key = (id(loaded), id(rule), matrix.high, matrix.medium)
    entry = _STATIC.get(key)
    if entry is None or entry[0] is not loaded or entry[1] is not rule:
        if len(_STATIC) > 20_000:
            _STATIC.clear()
        spec = loaded.spec
        risk = RiskOut(likelihood=spec.risk.likelihood, impact=spec.risk.impact,
                       rating=matrix.rate(spec.risk.likelihood, spec.risk.impact),
                       consequences=tuple(spec.risk.consequences))
        refs = tuple(RefOut(**r.model_dump()) for r in spec.refs)
        entry = (loaded, rule, risk, refs, {n: p.unit for n, p in spec.params.items()}, {})
        _STATIC[key] = entry
    return entry


class _FindingBuilder:
    def __init__(self, loaded: LoadedRule, rule: ir.IRRule, flat: FlatProfile, matrix: RiskMatrix,
                 cache: dict | None = None):
        self.loaded, self.spec, self.rule, self.flat = loaded, loaded.spec, rule, flat
        self.matrix = matrix
        _, _, self.risk, self.refs, self.units, self.memo = _static(loaded, rule, matrix)
        self.raw: RawResults | None = None
        self.cache = cache if cache is not None else {}  # per profile: counts' truths, items in key order

    def context(self, subject: Subject) -> MessageContext:
        """What this rule's messages about ``subject`` can name, for ``describe.fill``."""
        values = _values(subject, self.flat, self.cache)
        return MessageContext(subject=subject.label, key=subject.key, values=values, params=self.rule.params,
                              units=self.units, name_of=self.name_of)

    def name_of(self, kind: str, key: str) -> str | None:
        """The name of the subject of ``kind`` with id ``key`` (a fact naming another role, channel ...)."""
        items = self.flat.collections.get(kind) or ()
        return next((i.label for i in items if i.key == key), None)

    def build(self, subject: Subject, status: str, message: str, *, used=(), missing=(), deciding=(),
              context: MessageContext | None = None) -> Finding:
        # Every field is built here from validated rules and profiles: constructed without validating again.
        return _construct(
            Finding, fingerprint=_fingerprint(self.rule.id, subject.kind, subject.key),
            rule_id=self.rule.id, title=self.spec.title,
            subject=_construct(SubjectOut, kind=subject.kind, key=subject.key, name=subject.label),
            status=status, strength=self.spec.strength, stage=self.spec.stage, risk_area=self.spec.risk_area,
            refs=self.refs, message=message,
            risk=self.risk_for(subject) if status in ("gap", "unknown") else self.risk,  # cases raise open risks
            remediation=_fill(self.spec.remediation, context or self.context(subject)),
            facts_used=tuple(used), missing_facts=tuple(missing), waiver=None, deciding=tuple(deciding),
            evidence=(), owner=None,
        )

    def risk_for(self, subject: Subject) -> RiskOut:
        """The rule's risk, raised by each of its risk cases that surely holds for this subject."""
        cases = self.spec.risk.when
        if not cases or self.raw is None:
            return self.risk
        held = [case for i, case in enumerate(cases)
                if self.raw.get(ir.risk_case_id(self.rule.id, i), subject.key)[1] is True]
        if not held:
            return self.risk
        likelihood = max([self.risk.likelihood] + [c.likelihood for c in held if c.likelihood], key=LIKELIHOOD.get)
        impact = max([self.risk.impact] + [c.impact for c in held if c.impact], key=IMPACT.get)
        consequences = tuple(dict.fromkeys(self.risk.consequences + tuple(k for c in held for k in c.consequences or ())))
        return RiskOut(likelihood=likelihood, impact=impact, rating=self.matrix.rate(likelihood, impact),
                       consequences=consequences, because=tuple(c.because for c in held))

    def for_subject(self, subject: Subject, applies: ir.Truth, requires: ir.Truth) -> Finding:
        rule, spec, cache = self.rule, self.spec, self.cache
        if not rule.in_force:
            return self.build(subject, "not_applicable", f"Not applicable: {rule.out_of_force_reason}.")
        context = self.context(subject)
        cond_paths, counts = _rule_info(rule)
        used = _facts_used(cond_paths, counts, subject, self.flat, cache.setdefault("items", {}))
        if applies is False:
            if spec.not_applicable:
                reason = fill(spec.not_applicable, context)
            else:
                reason = self.memo.get("na")
                if reason is None:
                    reason = self.memo["na"] = f"Not applicable: it applies only when {describe(spec.applies_when)}."
            return self.build(subject, "not_applicable", reason, used=used, context=context,
                              deciding=deciding_facts(rule.applies, subject, self.flat, cache))
        if applies is None:
            missing = _missing(rule.applies, subject, self.flat, cache)
            return self.build(subject, "unknown", _unknown_message(missing), used=used, missing=missing,
                              context=context)
        if requires is True:
            return self.build(subject, "met", fill(spec.met, context) if spec.met else f"Met: {spec.title}.", used=used,
                              deciding=deciding_facts(rule.requires, subject, self.flat, cache), context=context)
        if requires is False:
            return self.build(subject, "gap", fill(spec.gap, context), used=used, context=context,
                              deciding=deciding_facts(rule.requires, subject, self.flat, cache))
        missing = _missing(rule.requires, subject, self.flat, cache)
        return self.build(subject, "unknown", _unknown_message(missing), used=used, missing=missing, context=context)


def _unknown_message(missing: list[str]) -> str:
    if not missing:
        return "Cannot decide from the facts given."
    return "Cannot decide: the profile does not state " + ", ".join(missing) + "."


def findings_for(library: Library, compiled: CompiledLibrary, raw: RawResults, flat: FlatProfile,
                 matrix: RiskMatrix = DEFAULT_MATRIX) -> list[Finding]:
    """Turn backend outcomes into findings, one per rule and subject."""
    findings: list[Finding] = []
    cache: dict = {}  # shared by every rule of this profile: counts' truths, items in key order
    for rule in compiled.rules:
        if rule.risk_case_of:
            continue
        builder = _FindingBuilder(library.rules[rule.id], rule, flat, matrix, cache)
        builder.raw = raw
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
    question, the evidence given with the answer)."""
    from ..facts.answers import Answer

    flat = flat or loaded.flat()
    subjects = {("organisation", "organisation"): flat.organisation}
    subjects.update({(s.kind, s.key): s for items in flat.collections.values() for s in items or ()})
    records = [(i, e) for i, e in enumerate(loaded.profile.evidence or ())]
    answers = loaded.profile.answers or {}
    default_owner = accountable(loaded)
    named: dict[str, OwnerOut] = {}
    out = []
    for f in findings:
        rule = library.rules.get(f.rule_id)
        owner_text = getattr(rule.spec, "owner", None) if rule is not None else None
        owner = default_owner
        if owner_text:
            owner = named.setdefault(owner_text, _named_owner(owner_text, loaded))
        evidence: list[EvidenceOut] = []
        if f.rule_id in answers and f.facts_used and f.facts_used[0].path == f"answers.{f.rule_id}":
            given = answers[f.rule_id]
            if isinstance(given, Answer) and (given.evidence or given.answered_by or given.note or given.date
                                              or given.url):
                evidence.append(EvidenceOut(kind="answer", document=given.evidence, url=given.url,
                                            confirmed_by=given.answered_by,
                                            seen=given.date.isoformat() if given.date else None, note=given.note,
                                            covers=(f"answers.{f.rule_id}",), line=f.facts_used[0].line))
        for i, record in records:
            covered = tuple(u.path for u in f.facts_used
                            if any(_covers(c, p) for c in record.covers for p in _sources(u.path, subjects)))
            if covered:
                evidence.append(EvidenceOut(
                    kind="record", id=record.id, document=record.document, url=record.url,
                    seen=record.seen.isoformat() if record.seen else None, confirmed_by=record.confirmed_by,
                    note=record.note, covers=covered, line=loaded.located.position(("evidence", i))[0]))
        out.append(_construct(Finding, **{**f.__dict__, "owner": owner, "evidence": tuple(evidence)}))
    return out
