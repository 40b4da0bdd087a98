"""Compare two recorded runs finding by finding, and say why each finding moved.

Findings are matched by fingerprint (rule id + subject). A finding only in the
new run is ``new``, only in the old run ``resolved``; in both it is ``changed``
when its status, risk rating or waiver moved, else ``persisting``. Each change
is explained from what the runs stored: the profile facts the finding reads,
the rule's digest, the rule's dates in force against both as-of dates, dated
parameters, and the waivers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..findings import STATUS_ORDER, STRENGTH_ORDER, Finding, SubjectOut
from .record import RuleRecord, RunInfo, StoredRun

Kind = Literal["new", "resolved", "persisting", "changed"]
KINDS: tuple[Kind, ...] = ("new", "changed", "resolved", "persisting")
_NOT_STATED = "(not stated)"


@dataclass(frozen=True)
class FactChange:
    path: str
    old: Any
    new: Any

    def render(self) -> str:
        return f"{self.path} {_show(self.old)} → {_show(self.new)}"


def _show(value: Any) -> str:
    if value is None:
        return _NOT_STATED
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return repr(value) if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Cause:
    """Why one finding moved: kind is facts, subject, rule, law, waiver, engine or unexplained."""

    kind: str
    text: str
    changes: tuple[FactChange, ...] = ()

    def lines(self) -> list[str]:
        """The cause for people: one line, or a heading and one line per fact that changed."""
        if not self.changes:
            return [self.text]
        return ["facts changed:"] + [f"  {c.render()}" for c in self.changes]

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.changes:
            out["changes"] = [{"path": c.path, "old": c.old, "new": c.new} for c in self.changes]
        return out


def _state(f: Finding | None) -> tuple | None:
    return None if f is None else (f.status, f.risk.rating, f.waiver is not None)


def describe(f: Finding | None) -> str:
    """A finding's state in a few words: 'gap, medium risk, waived'."""
    if f is None:
        return "—"
    return f"{f.status}, {f.risk.rating} risk" + (", waived" if f.waiver is not None else "")


def classify(old: Finding | None, new: Finding | None) -> Kind:
    """The kind of one matched pair (at least one side present)."""
    if old is None:
        return "new"
    if new is None:
        return "resolved"
    return "persisting" if _state(old) == _state(new) else "changed"


@dataclass(frozen=True)
class DiffEntry:
    kind: Kind
    old: Finding | None
    new: Finding | None
    causes: tuple[Cause, ...] = ()

    @property
    def finding(self) -> Finding:
        """The newest side: what the finding is now (or was, when resolved)."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def fingerprint(self) -> str:
        return self.finding.fingerprint

    @property
    def rule_id(self) -> str:
        return self.finding.rule_id

    @property
    def subject(self) -> SubjectOut:
        return self.finding.subject

    @property
    def new_gap(self) -> bool:
        """A gap nobody has justified that was not one before (what --fail-on-new stops on)."""
        return self.new is not None and self.new.open_gap and not (self.old is not None and self.old.open_gap)

    def sort_key(self) -> tuple:
        f = self.finding
        return (KINDS.index(self.kind), STATUS_ORDER[f.status], STRENGTH_ORDER[f.strength], f.rule_id, f.subject.key)

    def to_json_dict(self) -> dict[str, Any]:
        def side(f: Finding | None) -> dict[str, Any] | None:
            if f is None:
                return None
            return {"status": f.status, "risk": f.risk.rating, "waived": f.waiver is not None,
                    "waiver": f.waiver.model_dump(mode="json") if f.waiver else None, "message": f.message}

        f = self.finding
        return {"kind": self.kind, "fingerprint": f.fingerprint, "rule_id": f.rule_id, "title": f.title,
                "subject": f.subject.model_dump(), "strength": f.strength, "new_gap": self.new_gap,
                "old": side(self.old), "new": side(self.new), "causes": [c.to_json_dict() for c in self.causes]}


@dataclass(frozen=True)
class RunDiff:
    old: RunInfo
    new: RunInfo
    entries: tuple[DiffEntry, ...]

    def of(self, kind: Kind) -> tuple[DiffEntry, ...]:
        return tuple(e for e in self.entries if e.kind == kind)

    @property
    def new_gaps(self) -> tuple[DiffEntry, ...]:
        return tuple(e for e in self.entries if e.new_gap)

    def counts(self) -> dict[str, int]:
        out = {k: len(self.of(k)) for k in KINDS}
        out["new_gaps"] = len(self.new_gaps)
        return out

    def to_json_dict(self) -> dict[str, Any]:
        return {"old": self.old.to_json_dict(), "new": self.new.to_json_dict(), "summary": self.counts(),
                "entries": [e.to_json_dict() for e in self.entries]}


def diff_runs(old: StoredRun, new: StoredRun) -> RunDiff:
    """Every finding of either run, matched by fingerprint, with the cause of each change."""
    before = {f.fingerprint: f for f in old.findings}
    after = {f.fingerprint: f for f in new.findings}
    entries = []
    for fp in before.keys() | after.keys():
        a, b = before.get(fp), after.get(fp)
        kind = classify(a, b)
        causes = () if kind == "persisting" else tuple(_causes(old, new, a, b))
        entries.append(DiffEntry(kind, a, b, causes))
    entries.sort(key=DiffEntry.sort_key)
    return RunDiff(old.info, new.info, tuple(entries))


def _collection_path(kind: str) -> str | None:
    from ...facts.catalogue import COLLECTIONS

    coll = COLLECTIONS.get(kind)
    return ".".join(coll.path) if coll else None


def _present(run: StoredRun, subject: SubjectOut) -> bool:
    """Whether the run's profile had this subject (the placeholder '*' stands for an empty list)."""
    base = _collection_path(subject.kind)
    if base is None:
        return True
    if subject.key == "*":
        return not any(p.startswith(base + "[") for p in run.facts)
    return any(p.startswith(f"{base}[{subject.key}].") for p in run.facts)


def _subject_cause(old: StoredRun, new: StoredRun, subject: SubjectOut) -> Cause | None:
    was, now = _present(old, subject), _present(new, subject)
    if was == now:
        return None
    base = _collection_path(subject.kind)
    if subject.key == "*":
        text = f"the profile {'no longer lists any' if now else 'now lists'} {base}"
    else:
        text = f"{subject.kind} '{subject.key}' was {'added to' if now else 'removed from'} the profile"
    return Cause("subject", text)


def _fact_cause(old: StoredRun, new: StoredRun, a: Finding | None, b: Finding | None,
                skip_prefix: str | None) -> Cause | None:
    paths: set[str] = set()
    for f in (a, b):
        if f is not None:
            paths.update(u.path for u in f.facts_used)
            paths.update(f.missing_facts)
    for run in (old, new):
        paths.update(run.facts[p].derived_from for p in list(paths) if p in run.facts and run.facts[p].derived_from)
    changes = []
    for path in sorted(paths):
        if skip_prefix and path.startswith(skip_prefix):
            continue
        was = old.facts[path].value if path in old.facts else None
        now = new.facts[path].value if path in new.facts else None
        if was != now:
            changes.append(FactChange(path, was, now))
    if not changes:
        return None
    return Cause("facts", "facts changed: " + "; ".join(c.render() for c in changes), tuple(changes))


def _out_of_force(rule: RuleRecord, as_of: str) -> str:
    if rule.valid_from and as_of < rule.valid_from:
        return f"in force from {rule.valid_from}"
    return f"not in force after {rule.valid_to}"


_LAW_MESSAGES = ("Not applicable: in force from", "Not applicable: not in force after")


def _law_causes(old: StoredRun, new: StoredRun, ro: RuleRecord | None, rn: RuleRecord | None,
                a: Finding | None, b: Finding | None) -> list[Cause]:
    was_at, now_at = old.info.evaluated_as_of, new.info.evaluated_as_of
    if ro is not None and rn is not None:
        was, now = ro.in_force(was_at), rn.in_force(now_at)
        if was and not now:
            return [Cause("law", f"law: the rule was in force on {was_at} but is not on {now_at} "
                                 f"({_out_of_force(rn, now_at)})")]
        if now and not was:
            return [Cause("law", f"law: the rule was not in force on {was_at} ({_out_of_force(ro, was_at)}) "
                                 f"but is on {now_at}")]
        if ro.digest == rn.digest and ro.params != rn.params:
            return [Cause("law", f"law: dated value of {name} is {_show(rn.params.get(name))} on {now_at} "
                                 f"(was {_show(ro.params.get(name))} on {was_at})")
                    for name in sorted(ro.params.keys() | rn.params.keys())
                    if ro.params.get(name) != rn.params.get(name)]
        return []
    # Runs without rule records: the not-applicable message still says when a rule is in force.
    law = [f.message for f in (a, b) if f is not None and f.message.startswith(_LAW_MESSAGES)]
    if len(law) == 1:
        return [Cause("law", f"law: {law[0].removeprefix('Not applicable: ').rstrip('.')} "
                             f"(as-of dates {was_at} → {now_at})")]
    return []


def _rule_cause(rule_id: str, ro: RuleRecord | None, rn: RuleRecord | None) -> Cause | None:
    if ro is None and rn is not None:
        return Cause("rule", f"rule {rule_id} was added to the library")
    if ro is not None and rn is None:
        return Cause("rule", f"rule {rule_id} is no longer in the library")
    if ro is not None and rn is not None and ro.digest != rn.digest:
        return Cause("rule", f"rule {rule_id} changed (digest {ro.digest} → {rn.digest})")
    return None


def _waiver_cause(new: StoredRun, a: Finding | None, b: Finding | None) -> Cause | None:
    ow = a.waiver if a is not None else None
    nw = b.waiver if b is not None else None
    if nw is not None and ow is None:
        return Cause("waiver", f"waiver granted by {nw.approver} on {nw.granted} until {nw.expires}: "
                               f"{nw.justification}")
    if ow is not None and nw is None and b is not None and b.status == "gap":
        subject = b.subject.key
        expired = [w for w in new.waivers if w.state == "expired" and w.covers(b.rule_id, subject)]
        if expired:
            return Cause("waiver", f"waiver expired on {max(w.expires for w in expired)}")
        return Cause("waiver", "waiver withdrawn: no waiver covers this gap any more")
    return None


def _causes(old: StoredRun, new: StoredRun, a: Finding | None, b: Finding | None) -> list[Cause]:
    f = b if b is not None else a
    assert f is not None
    subject = _subject_cause(old, new, f.subject)
    base = _collection_path(f.subject.kind)
    skip = f"{base}[{f.subject.key}]." if subject is not None and base and f.subject.key != "*" else None
    facts = _fact_cause(old, new, a, b, skip)
    ro, rn = old.rules.get(f.rule_id), new.rules.get(f.rule_id)
    rule = _rule_cause(f.rule_id, ro, rn)
    waiver = _waiver_cause(new, a, b)
    causes = [c for c in (subject, facts, rule) if c is not None]
    causes += _law_causes(old, new, ro, rn, a, b)
    if waiver is not None:
        causes.append(waiver)
    if not causes:
        i, j = old.info, new.info
        if (i.engine, i.csaudit_version) != (j.engine, j.csaudit_version):
            causes.append(Cause("engine", f"engine changed: {i.engine} (csaudit {i.csaudit_version}) → "
                                          f"{j.engine} (csaudit {j.csaudit_version})"))
        else:
            causes.append(Cause("unexplained", "no recorded cause: the facts it reads, the rule, the law and its "
                                               "waivers are unchanged"))
    return causes
