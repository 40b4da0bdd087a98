"""The csaudit IR run by CLIPS (through clipspy), for comparing engines on the same work (bench/run.py).

The lowering mirrors the durable-rules compiler's idea: each three-valued condition becomes two CLIPS
conditions, "surely true" and "surely false", over one fact per subject (an absent fact is the symbol
``nil``, so neither holds and the outcome is unknown). Quantifiers run first: each collection item is
matched against the quantifier bodies (stage 1), the matches are counted, and the counts' truths are
given to the subject facts of stage 2, as the durable driver does. Only the benchmark uses this module.

Values: booleans are the symbols TRUE / FALSE, numbers are numbers, text is a CLIPS string, a set is one
string ``|a|b|`` tested with ``str-index``.
"""

from __future__ import annotations

import re
from collections import defaultdict

import clips
from csaudit.engine.library import ir
from csaudit.engine.match.results import RawResults
from csaudit.facts.catalogue import catalogue

_NUM = (int, float)
YES, NO = "(eq 1 1)", "(eq 1 0)"   # a constant condition, as a call (a test CE needs one)


def _join(op: str, parts: list[str]) -> str:
    """(and ...) / (or ...) of ``parts``; CLIPS wants two at least."""
    return parts[0] if len(parts) == 1 else f"({op} {' '.join(parts)})"


def _lit(value) -> str:
    if value is True:
        return "TRUE"
    if value is False:
        return "FALSE"
    if isinstance(value, _NUM):
        return repr(float(value)) if isinstance(value, float) else str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _eq(var: str, value) -> str:
    if isinstance(value, bool):
        return f"(eq {var} {_lit(value)})"
    if isinstance(value, _NUM):
        return f"(and (numberp {var}) (= {var} {_lit(value)}))"
    return f"(eq {var} {_lit(value)})"


def _cmp(var: str, op: str, value) -> str:
    sym = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}[op]
    if isinstance(value, _NUM) and not isinstance(value, bool):
        return f"(and (numberp {var}) ({sym} {var} {_lit(value)}))"
    return f"(and (stringp {var}) ({sym} (str-compare {var} {_lit(value)}) 0))"


class _Names:
    """Slot names for fact paths and quantifier ids (CLIPS symbols)."""

    def __init__(self) -> None:
        self.slots: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        if key not in self.slots:
            self.slots[key] = f"s{len(self.slots)}"
        return self.slots[key]


def _test(cond: ir.Test, var: str, is_set: bool) -> tuple[str, str]:
    present = f"(neq {var} nil)"
    if cond.op == "exists":
        return present, f"(eq {var} nil)"
    if cond.op == "eq":
        expr = _eq(var, cond.value)
    elif cond.op in ("lt", "le", "gt", "ge"):
        expr = _cmp(var, cond.op, cond.value)
    elif cond.op == "in":
        expr = _join("or", [_eq(var, v) for v in cond.value]) if cond.value else NO
    elif cond.op == "has":
        needle = _lit(f"|{cond.value}|")
        expr = f"(and (stringp {var}) (neq (str-index {needle} {var}) FALSE))" if is_set else _eq(var, cond.value)
    else:
        raise ValueError(cond.op)
    return f"(and {present} {expr})", f"(and {present} (not {expr}))"


def lower(cond: ir.Cond, var_of, is_set) -> tuple[str, str]:
    """(surely true, surely false) CLIPS expressions of ``cond``."""
    if isinstance(cond, ir.Test):
        return _test(cond, var_of(cond.path), is_set(cond.path))
    if isinstance(cond, (ir.And, ir.Or)):
        parts = [lower(c, var_of, is_set) for c in cond.items]
        if not parts:
            return (YES, NO) if isinstance(cond, ir.And) else (NO, YES)
        ts = [t for t, _ in parts]
        fs = [f for _, f in parts]
        if isinstance(cond, ir.And):
            return _join("and", ts), _join("or", fs)
        return _join("or", ts), _join("and", fs)
    if isinstance(cond, ir.Not):
        t, f = lower(cond.item, var_of, is_set)
        return f, t
    if isinstance(cond, ir.Const):
        return (YES, NO) if cond.value else (NO, YES)
    if isinstance(cond, ir.Count):
        var = var_of("#" + cond.qid)
        return f"(eq {var} TRUE)", f"(eq {var} FALSE)"
    raise TypeError(cond)


class ClipsBackend:
    """prepare(compiled) builds one CLIPS environment; evaluate(flat) resets it and runs one profile."""

    name = "clips"

    def __init__(self) -> None:
        self.env = None

    def prepare(self, compiled):
        cat = catalogue()
        names = _Names()
        env = clips.Environment()
        self.env, self.compiled, self.names = env, compiled, names
        is_set = lambda path: path in cat and cat[path].kind == "set"
        self.is_set = is_set
        counts: dict[str, ir.Count] = {}
        for rule in compiled.rules:
            for node in ir.counts(rule.applies) + ir.counts(rule.requires):
                counts[node.qid] = node
        self.counts = counts
        reads: dict[str, set[str]] = defaultdict(set)       # template -> slots
        rules: list[tuple[str, str, str, str]] = []          # (template, name, expr, rhs)

        def add(template: str, label: str, cond: ir.Cond, rhs) -> None:
            used: list[str] = []

            def var_of(key: str) -> str:
                used.append(key)
                return "?" + names(key)

            t, f = lower(cond, var_of, is_set)
            reads[template].update(used)
            rules.append((template, f"{label}-T", t, rhs("TRUE"), tuple(dict.fromkeys(used))))
            rules.append((template, f"{label}-F", f, rhs("FALSE"), tuple(dict.fromkeys(used))))

        for qid, node in counts.items():
            add(f"item-{node.kind}", f"q-{_sym(qid)}", node.where,
                lambda t, qid=qid: f'(assert (qhit (q "{qid}") (t {t}) (n ?n)))')
        self.stage2 = set()
        for rule in compiled.rules:
            if not rule.in_force:
                continue
            self.stage2.add(rule.subject)
            for part, cond in (("applies", rule.applies), ("requires", rule.requires)):
                add(f"subj-{rule.subject}", f"r-{_sym(rule.id)}-{part}", cond,
                    lambda t, rid=rule.id, part=part: f'(assert (res (r "{rid}") (p {part}) (t {t}) (n ?n)))')
        env.build("(deftemplate qhit (slot q) (slot t) (slot n))")
        env.build("(deftemplate res (slot r) (slot p) (slot t) (slot n))")
        self.templates = {}
        for template, keys in reads.items():
            slots = " ".join(f"(slot {names(k)} (default nil))" for k in sorted(keys))
            env.build(f"(deftemplate {template} (slot n) {slots})")
            self.templates[template] = sorted(keys)
        for template, name, expr, rhs, used in rules:
            binds = " ".join(f"({names(k)} ?{names(k)})" for k in used)
            env.build(f"(defrule {name} ({template} (n ?n) {binds}) (test {expr}) => {rhs})")
        return self

    def _value(self, path: str, value):
        if value is None:
            return clips.Symbol("nil")
        if value is True:
            return clips.Symbol("TRUE")
        if value is False:
            return clips.Symbol("FALSE")
        if isinstance(value, tuple) and self.is_set(path):
            return "|" + "|".join(str(v) for v in value) + "|"
        return value

    def _assert(self, template: str, n: int, values) -> None:
        tmpl = self.env.find_template(template)
        slots = {"n": n}
        for key in self.templates[template]:
            if key.startswith("#"):
                continue
            v = values.get(key)
            if v is not None:
                slots[self.names(key)] = self._value(key, v)
        extra = values.get("\0q")
        if extra:
            for key in self.templates[template]:
                if key.startswith("#") and extra.get(key[1:]) is not None:
                    slots[self.names(key)] = clips.Symbol("TRUE" if extra[key[1:]] else "FALSE")
        tmpl.assert_fact(**slots)

    def evaluate(self, prepared, flat) -> RawResults:
        env = self.env
        env.reset()
        org = flat.organisation.values
        for kind in {n.kind for n in self.counts.values()}:
            if f"item-{kind}" in self.templates:
                for n, item in enumerate(flat.collections[kind] or ()):
                    self._assert(f"item-{kind}", n, {**org, **item.values})
        env.run()
        surely: dict[str, set] = defaultdict(set)
        possibly_not: dict[str, set] = defaultdict(set)
        for fact in env.facts():
            if fact.template.name == "qhit":
                (surely if fact["t"] == "TRUE" else possibly_not)[fact["q"]].add(fact["n"])
        quantified = {}
        for qid, node in self.counts.items():
            items = flat.collections[node.kind]
            if items is None:
                quantified[qid] = None
                continue
            definitely = len(surely[qid])
            possibly = len(items) - len(possibly_not[qid])
            quantified[qid] = ir.count_truth(node, definitely, possibly)
        env.reset()
        subjects = {}
        for kind in self.stage2:
            template = f"subj-{kind}"
            if template not in self.templates:
                continue
            subs = flat.subjects(kind) or ()
            subjects[kind] = subs
            for n, subject in enumerate(subs):
                values = subject.values if kind == "organisation" else {**org, **subject.values}
                self._assert(template, n, {**values, "\0q": quantified})
        env.run()
        outcome: dict[tuple[str, str], list] = {}
        rule_subject = {r.id: r.subject for r in self.compiled.rules}
        for rule in self.compiled.rules:
            if rule.in_force:
                for subject in subjects.get(rule.subject, ()):
                    outcome[(rule.id, subject.key)] = [None, None]
        for fact in env.facts():
            if fact.template.name == "res":
                rid = fact["r"]
                key = subjects[rule_subject[rid]][fact["n"]].key
                outcome[(rid, key)][0 if fact["p"] == "applies" else 1] = fact["t"] == "TRUE"
        results = RawResults(engine="clips")
        for (rid, key), (a, r) in outcome.items():
            results.record(rid, key, a, r)
        return results


def _sym(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)
