"""The argument behind a finding, as a tree a reader can follow without the rule file.

For one finding of a finished check: the clause it rests on, the rule in plain words, each
condition with the fact's value and the profile line it came from and whether it holds, and
the conclusion; for an unknown, the questions whose answers would settle it; for a gap, the
conditions that would have to change to close it.

Each part of the rule is lowered and evaluated on its own (``lower_condition`` and the plain
evaluator), from the same profile and library the check used, so the tree shows exactly how
the finding was reached; it never changes a finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import ChainMap
from dataclasses import dataclass, field, replace
from typing import Any

from ..facts import wording
from ..facts.catalogue import COLLECTIONS, FactInfo, catalogue
from ..facts.flatten import EPOCH, FlatProfile, Subject, decode
from ..facts.loader import LoadedProfile
from .evaluate import stated_at
from .explanation import absent as _absent, profile_path
from .findings import Finding, RefOut
from .library import ir
from .library.describe import describe
from .library.loader import Library, LoadedRule
from .library.lower import lower_condition
from .library.spec import AllOf, AnyOf, Count, Every, FactTest, NotOf, ParamRef, Some, Use
from .match.python import count_items, truth

_LIST_SHOWN = 3   # a stated list longer than this is not repeated under each condition that looks into it
TRUTH_WORDS = {True: "holds", False: "does not hold", None: "unknown"}
_OP_WORDS = {"eq": "", "ne": "not ", "lt": "less than ", "le": "at most ", "gt": "more than ", "ge": "at least ",
             "in": "one of ", "not_in": "none of ", "contains": "to include "}


@dataclass(frozen=True)
class Step:
    """One condition of the argument and whether it holds for the subject."""

    kind: str                    # fact, all, any, not, use, some, every, count, item, answer
    text: str                    # the condition in words
    truth: bool | None
    fact: str | None = None      # the catalogue's name of the fact (fact steps)
    path: str | None = None      # where the fact is, or would be stated, in the profile
    value: Any = None            # the stated value as a person reads it (None: not stated)
    value_text: str | None = None
    line: int | None = None
    read_from: str | None = None  # for a derived or joined fact: the stated key it is read from
    refs: tuple[RefOut, ...] = ()
    note: str | None = None
    children: tuple[Step, ...] = ()
    hidden: int = 0              # children left out because they did not decide this step (see ``decisive``)

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "holds": self.truth}
        if self.hidden:
            out["hidden"] = self.hidden
        for name in ("fact", "path", "value", "value_text", "line", "read_from", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.refs:
            out["refs"] = [r.model_dump(mode="json") for r in self.refs]
        if self.children:
            out["children"] = [c.to_json_dict() for c in self.children]
        return out


@dataclass(frozen=True)
class Question:
    """What the profile would have to state to settle an unknown."""

    text: str
    where: str
    answers: str = ""            # the values it may take

    def to_json_dict(self) -> dict[str, Any]:
        return {"question": self.text, "where": self.where, "answers": self.answers}


@dataclass(frozen=True)
class Explanation:
    finding: Finding
    kind: str                                    # rule, or question (a catalogue's manual question)
    rule_words: tuple[tuple[str, str], ...]      # ("applies when", ...), ("requires", ...)
    applies: Step | None = None
    requires: Step | None = None
    params: tuple[tuple[str, str], ...] = ()     # parameter -> its value on the evaluation date, in words
    in_force: str | None = None                  # why the rule did not apply on the date, when it was not in force
    questions: tuple[Question, ...] = ()
    to_close: tuple[str, ...] = ()
    conclusion: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json_dict(self) -> dict[str, Any]:
        f = self.finding
        return {
            "fingerprint": f.fingerprint, "rule_id": f.rule_id, "title": f.title,
            "subject": f.subject.model_dump(mode="json"), "status": f.status, "strength": f.strength,
            "kind": self.kind, "refs": [r.model_dump(mode="json") for r in f.refs],
            "rule": [{"part": part, "words": words} for part, words in self.rule_words],
            "params": [{"name": n, "value": v} for n, v in self.params],
            "in_force": self.in_force,
            "applies": self.applies.to_json_dict() if self.applies else None,
            "requires": self.requires.to_json_dict() if self.requires else None,
            "conclusion": self.conclusion, "risk": f.risk.model_dump(mode="json"),
            "to_close": list(self.to_close), "questions": [q.to_json_dict() for q in self.questions],
            "evidence": [e.model_dump(mode="json") for e in f.evidence],
            "owner": f.owner.model_dump(mode="json") if f.owner else None,
            "waiver": f.waiver.model_dump(mode="json") if f.waiver else None,
            "notes": list(self.notes),
        }


# ------------------------------------------------------------------ words for values


def fact_label(info: FactInfo) -> str:
    """The fact's name for a reader: its description up to the first full stop or colon (the rest explains
    units and values, which the step shows anyway)."""
    if info.description:
        head = re.split(r"(?<=[\w)'])[.:;] ", info.description.strip(), maxsplit=1)[0].rstrip(" .…")
        return head[0].upper() + head[1:]
    return info.path.split(".", 1)[-1].replace("_", " ").replace(".", ": ").capitalize()


def _literal_words(info: FactInfo, value: Any) -> str:
    """A value as a rule file writes it (pounds, a date, a word), in a reader's words."""
    if isinstance(value, list):
        return wording.join([_literal_words(info, v) for v in value]) if value else "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if info.kind == "money" and isinstance(value, (int, float)):
        return wording.money(int(round(value * 100)))
    if info.kind == "date" and isinstance(value, dt.date):
        return wording.date((value - EPOCH).days)
    if info.kind in ("int", "number") and isinstance(value, (int, float)):
        return wording.quantity(value, wording.unit(info))
    if isinstance(value, str) and info.values:
        return wording.value_words(info.path, value) or value.replace("_", " ")
    return str(value)


def _question(info: FactInfo, where: str) -> Question:
    label = fact_label(info).rstrip(".")
    kind = info.kind
    if kind == "bool":
        return Question(f"{label}: yes or no?", where, "true or false")
    if kind == "enum":
        choices = [wording.value_words(info.path, v) or v for v in info.values]
        return Question(f"{label}: which one?", where, "one of: " + ", ".join(info.values) + f" ({'; '.join(choices)})")
    if kind == "set":
        return Question(f"{label}: which of these apply (list them all)?", where, "any of: " + ", ".join(info.values))
    if kind in ("int", "number"):
        units = wording.unit(info)
        return Question(f"{label}: how many{' ' + units[1] if units else ''}?", where, "a number")
    if kind == "money":
        return Question(f"{label}: what amount?", where, "an amount in pounds")
    if kind == "date":
        return Question(f"{label}: on what date?", where, "a date (YYYY-MM-DD)")
    return Question(f"{label}: what is it?", where, "text")


# ------------------------------------------------------------------ the walk


class _Explainer:
    def __init__(self, rule: LoadedRule, ir_rule: ir.IRRule, library: Library, flat: FlatProfile, as_of: dt.date):
        self.rule, self.spec, self.ir_rule, self.library, self.flat, self.as_of = (
            rule, rule.spec, ir_rule, library, flat, as_of)
        self.questions: list[Question] = []

    def name_of(self, kind: str, key: str) -> str | None:
        return next((i.label for i in self.flat.collections.get(kind) or () if i.key == key), None)

    def _truth(self, node: Any, subject: Subject, over: str | None) -> bool | None:
        lowered = lower_condition(self.spec, self.rule.id, self.as_of, node, self.library.conditions, over=over)
        values = subject.values if subject.kind == "organisation" else ChainMap(
            subject.values, self.flat.organisation.values)
        quantified = {c.qid: ir.count_truth(c, *count_items(c, self.flat)) for c in ir.counts(lowered)}
        return truth(lowered, values, quantified)

    def step(self, node: Any, subject: Subject, over: str | None = None) -> Step:
        t = self._truth(node, subject, over)
        if isinstance(node, FactTest):
            return self.fact(node, subject, t)
        if isinstance(node, AllOf):
            kids = tuple(self.step(c, subject, over) for c in node.all)
            return Step("all", "All of these hold", t, children=kids)
        if isinstance(node, AnyOf):
            kids = tuple(self.step(c, subject, over) for c in node.any)
            return Step("any", "At least one of these holds", t, children=kids)
        if isinstance(node, NotOf):
            return Step("not", "This does not hold", t, children=(self.step(node.not_, subject, over),))
        if isinstance(node, Use):
            named = self.library.conditions[node.use]
            text = named.spec.description[0].upper() + named.spec.description[1:]
            refs = tuple(RefOut(**r.model_dump()) for r in named.spec.refs)
            return Step("use", text, t, refs=refs, note=f"named condition '{node.use}'",
                        children=(self.step(named.spec.when, subject, over),))
        if isinstance(node, (Some, Every, Count)):
            return self.quantifier(node, subject, t)
        return Step("const", describe(node), t)

    def fact(self, node: FactTest, subject: Subject, t: bool | None) -> Step:
        info = catalogue()[node.fact]
        owner = self.flat.organisation if info.subject == "organisation" else subject
        op, operand = node.operator, node.operand
        param = None
        if isinstance(operand, ParamRef):
            param = operand.param
            operand = self.ir_rule.params.get(param)
        if op == "exists":
            wanted = "to be stated" if operand else "not to be stated"
        elif info.kind == "bool" and op in ("eq", "ne"):
            wanted = f"{_OP_WORDS[op]}{'yes' if operand else 'no'}"
        else:
            wanted = f"{_OP_WORDS[op]}{_literal_words(info, operand)}"
        if param:
            wanted += f" (the rule's {param.replace('_', ' ')} on {self.as_of.isoformat()})"
        text = f"{fact_label(info).rstrip('.')}: needs {wanted}"
        raw = owner.values.get(node.fact)
        stated = node.fact in owner.values
        where = stated_at(node.fact, owner)
        if stated:
            path, line = where[0], owner.lines.get(node.fact) or None
            read_from = where[1] if len(where) > 1 else None
        else:
            path, line, read_from = _absent(node.fact, owner, self.flat) or where[0], None, None
        value = decode(info, raw) if stated else None
        said = wording.say(info, raw if stated else None, self.name_of)
        if stated and op == "contains" and isinstance(value, (list, tuple)) and len(value) > _LIST_SHOWN:
            # the condition asks for one item: say whether it is there, not the whole list again
            said = "listed" if t else f"not among the {len(value)} items stated"
        return Step("fact", text, t, fact=node.fact, path=path, value=value, value_text=said, line=line,
                    read_from=read_from)

    def quantifier(self, node: Any, subject: Subject, t: bool | None) -> Step:
        tag = "some" if isinstance(node, Some) else "every" if isinstance(node, Every) else "count"
        over = getattr(node, tag)
        kind = over.in_
        plural = f"{kind}s"
        if tag == "some":
            text = f"At least one {kind} meets the conditions below"
        elif tag == "every":
            text = f"Every {kind} meets the conditions below"
        else:
            bounds = " and ".join(b for b in (f"at least {over.at_least}" if over.at_least is not None else "",
                                              f"at most {over.at_most}" if over.at_most is not None else "") if b)
            text = f"{bounds[0].upper() + bounds[1:]} {plural} meet the conditions below"
        items = self.flat.collections.get(kind)
        coll = ".".join(COLLECTIONS[kind].path)
        list_name = next((name for name, k in _list_kinds().items() if k == kind), None)
        complete = list_name is not None and f"list_complete.{list_name}" in self.flat.organisation.values
        note = None
        if items is None:
            note = f"the profile does not list its {plural} ({coll})"
        elif not complete and t is None:
            note = (f"the profile does not declare its list of {plural} complete (complete_lists: {list_name}), so "
                    f"nothing can be concluded from {plural} it does not name")
        kids: list[Step] = []
        for item in sorted(items or (), key=lambda i: i.key):
            if over.where is None:
                kids.append(Step("item", f"{item.label} ({coll}[{item.key}])", True))
                continue
            inner = self.step(over.where, item, over=kind)
            kids.append(Step("item", f"{item.label} ({coll}[{item.key}])", inner.truth, children=(inner,)))
        return Step(tag, text, t, note=note, children=tuple(kids))


_FORMULA_SHOWN = 160   # a rule's condition longer than this is summed up in words unless --full asks for it


def _plainly(node: Any, library: Library, full: bool, title: str | None = None) -> str:
    """A rule part in words: a named condition by its description, a short condition as written, a long one
    by the rule's title (its parts follow, condition by condition)."""
    if isinstance(node, Use) and not full:
        return library.conditions[node.use].spec.description
    text = describe(node)
    if full or len(text) <= _FORMULA_SHOWN:
        return text
    return (f"{title[0].lower() + title[1:]} (condition by condition below)" if title
            else "the conditions below")


def decisive(step: Step | None) -> Step | None:
    """The step with only the conditions that decided it: the failing ones of a conjunction that fails, the
    holding ones of an alternative that holds, the unknown ones of an unknown; the rest are counted in
    ``hidden``. A met conjunction and a failed alternative need every part, so they keep them all."""
    if step is None or not step.children:
        return step
    t, kids = step.truth, step.children
    prune = ((step.kind in ("all", "every") and t is False) or (step.kind in ("any", "some") and t is True)
             or (step.kind in ("all", "any", "some", "every") and t is None))
    kept = tuple(c for c in kids if c.truth is t) if prune else kids
    return replace(step, children=tuple(decisive(c) for c in kept), hidden=len(kids) - len(kept))


def _list_kinds() -> dict[str, str]:
    from ..facts.catalogue import LIST_KINDS

    return LIST_KINDS


def _questions(step: Step | None, out: list[Question], seen: set[str]) -> None:
    """The facts whose value could still decide an unknown step (decided branches are skipped)."""
    if step is None or step.truth is not None:
        return
    if step.kind == "fact":
        if step.value is None and step.path not in seen and step.fact:
            seen.add(step.path)
            out.append(_question(catalogue()[step.fact], step.path))
        return
    if step.kind in ("some", "every", "count") and step.note:
        key = f"note:{step.text}"
        if key not in seen:
            seen.add(key)
            out.append(Question(f"{step.note[0].upper() + step.note[1:]}: list them all, and declare the list "
                                "complete", "complete_lists", "a list name under complete_lists"))
    for child in step.children:
        _questions(child, out, seen)


def _closing(step: Step) -> list[str]:
    """For a condition that does not hold: what would have to change for it to hold."""
    if step.truth is not False:
        return []
    if step.kind == "fact":
        now = step.value_text if step.value is not None else "not stated"
        at = f"{step.path}" + (f", line {step.line}" if step.line else "")
        return [f"{step.text}; now {now} ({at})"]
    if step.kind == "all":
        return [c for child in step.children for c in _closing(child)]
    if step.kind == "any":
        options = [" and ".join(_closing(child)) or child.text for child in step.children]
        return options if len(options) == 1 else ["one of: " + "; or ".join(options)]
    if step.kind == "not":
        return [f"no longer so: {step.children[0].text}"]
    if step.kind == "use":
        inner = [c for child in step.children for c in _closing(child)]
        return inner or [step.text]
    if step.kind in ("some", "every", "count"):
        failing = [c.text for c in step.children if c.truth is False]
        return [step.text + (": not met by " + wording.join(failing) if failing and step.kind == "every" else "")]
    return [step.text]


def _subject(flat: FlatProfile, f: Finding) -> Subject | None:
    if f.subject.kind == "organisation":
        return flat.organisation
    return next((s for s in flat.collections.get(f.subject.kind) or () if s.key == f.subject.key), None)


def _conclusion(f: Finding) -> str:
    head = {"gap": "Gap", "met": "Met", "not_applicable": "Not applicable", "unknown": "Unknown",
            "manual": "For the auditor"}[f.status]
    text = f"{head}: {f.message}"
    if f.waiver is not None:
        text += (f" Waived until {f.waiver.expires}, approved by {f.waiver.approver}: {f.waiver.justification}")
    return text


def explain_finding(f: Finding, loaded: LoadedProfile, library: Library, as_of: dt.date,
                    flat: FlatProfile | None = None, *, full: bool = False) -> Explanation:
    """The argument behind one finding of a check of ``loaded`` with ``library`` on ``as_of``; only the
    conditions that decided it unless ``full``."""
    flat = flat or loaded.flat()
    rule = library.rules.get(f.rule_id)
    if rule is None:   # a manual question of a clause catalogue
        return _explain_question(f)
    ir_rule = library.compile(as_of).by_id[f.rule_id]
    spec = rule.spec
    words = ((("applies when", _plainly(spec.applies_when, library, full)),) if spec.applies_when else (
        ("applies", "always (to every " + spec.subject + ")" if spec.subject != "organisation" else "always"),))
    words += (("requires", describe(spec.requires) if full else _plainly(spec.requires, library, full, spec.title)),)
    params = tuple((name, wording.quantity(value, p.unit) if isinstance(value, (int, float))
                    and not isinstance(value, bool) else str(value))
                   for name, p in spec.params.items() if (value := ir_rule.params.get(name)) is not None)
    base = dict(finding=f, kind="rule", rule_words=words, params=params, conclusion=_conclusion(f))
    if not ir_rule.in_force:
        return Explanation(**base, in_force=ir_rule.out_of_force_reason)
    subject = _subject(flat, f)
    if subject is None:   # a placeholder: the profile lists none of the rule's subjects, or no list at all
        coll = ".".join(COLLECTIONS[f.subject.kind].path)
        questions = (Question(f"Which {f.subject.kind}s does the organisation have? List them all.", coll,
                              "a list"),) if f.status == "unknown" else ()
        return Explanation(**base, questions=questions, notes=(f"the profile names no {f.subject.kind}s ({coll})",))
    walker = _Explainer(rule, ir_rule, library, flat, as_of)
    applies = walker.step(spec.applies_when, subject) if spec.applies_when is not None else None
    requires = walker.step(spec.requires, subject) if applies is None or applies.truth is True else None
    questions: list[Question] = []
    if f.status == "unknown":
        seen: set[str] = set()
        _questions(applies, questions, seen)
        _questions(requires, questions, seen)
    to_close = tuple(_closing(requires)) if f.status == "gap" and requires is not None else ()
    if not full:
        applies, requires = decisive(applies), decisive(requires)
    return Explanation(**base, applies=applies, requires=requires, questions=tuple(questions), to_close=to_close)


def _explain_question(f: Finding) -> Explanation:
    answered = next((u for u in f.facts_used if u.path == f"answers.{f.rule_id}"), None)
    question = f.message.split(": ", 1)[-1].split(" Note: ", 1)[0] if f.message.startswith(
        ("Auditor question: ", "Answered ")) else f.title
    words = (("asks", question),)
    step = None
    questions: tuple[Question, ...] = ()
    if answered is not None:
        step = Step("answer", f"The auditor's answer to question {f.rule_id}", {"met": True, "gap": False}.get(f.status),
                    path=answered.path, value=answered.value,
                    value_text=str(answered.value).replace("_", " "), line=answered.line)
    elif f.status == "manual":
        questions = (Question(f.message.removeprefix("Auditor question: "), f"answers.{f.rule_id}",
                              "yes, no or not_applicable (with note, evidence, answered_by, date)"),)
    to_close = (f.remediation,) if f.status == "gap" else ()
    return Explanation(finding=f, kind="question", rule_words=words, requires=step, questions=questions,
                       to_close=to_close, conclusion=_conclusion(f))


def explain_findings(findings, loaded: LoadedProfile, library: Library, as_of: dt.date, *,
                     full: bool = False) -> dict[str, Explanation]:
    """Explanations of several findings, by fingerprint (one flattening for all)."""
    flat = loaded.flat()
    return {f.fingerprint: explain_finding(f, loaded, library, as_of, flat, full=full) for f in findings}
