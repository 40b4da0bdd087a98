"""Lower a rule spec to the IR for one evaluation date, checking every fact and type.

The same walk serves the linter (collect every problem) and compilation (refuse
a rule with any problem), so a rule that lints clean always compiles.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ...facts.catalogue import COLLECTIONS, LIST_KINDS, ORDERED_KINDS, FactInfo, catalogue, subject_of
from ...facts.flatten import EPOCH
from ...facts.types import INT64_MAX, INT64_MIN, MAX_MONEY, MAX_TEXT_CHARS
from ...facts.located.validation import suggest
from . import ir
from .describe import SUBJECT_PLACEHOLDERS
from .spec import AllOf, AnyOf, Count, Every, FactTest, NamedCondition, NotOf, ParamRef, RuleSpec, Some, Use

LIST_NAMES = {kind: name for name, kind in LIST_KINDS.items() if kind}

_ALLOWED_OPS = {
    "bool": {"eq", "ne", "exists"},
    "int": {"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "exists"},
    "number": {"eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "exists"},
    "money": {"eq", "ne", "lt", "le", "gt", "ge", "exists"},
    "date": {"eq", "ne", "lt", "le", "gt", "ge", "exists"},
    "enum": {"eq", "ne", "in", "not_in", "exists"},
    "text": {"eq", "ne", "in", "not_in", "exists"},
    "set": {"contains", "exists"},
}


def _finite(value: int | float) -> float | None:
    """A number literal as the float the engines compare, or None if it is not a finite one."""
    try:
        number = float(value)
    except OverflowError:  # a whole number too large for any float
        return None
    return number if math.isfinite(number) else None


@dataclass
class Issue:
    """A problem inside one rule, at a key path of its file."""

    key: tuple[Any, ...]
    message: str


@dataclass(frozen=True)
class LoadedCondition:
    """A named condition as read from ``conditions/<source>.yaml``."""

    name: str
    path: Any
    spec: NamedCondition
    located: Any
    digest: str


@dataclass(frozen=True)
class _DefinitionScope:
    """What a named condition is checked against on its own: no parameters, its declared subject."""

    subject: str
    params: dict = field(default_factory=dict)


@dataclass
class _Walker:
    spec: RuleSpec | _DefinitionScope
    rule_id: str
    as_of: dt.date | None           # None: check every dated value, resolve nothing
    conditions: dict[str, LoadedCondition] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    qcount: int = 0
    unresolved: list[str] = field(default_factory=list)
    using: tuple[str, ...] = ()

    def issue(self, key: tuple[Any, ...], message: str) -> None:
        self.issues.append(Issue(key, message))

    # -------------------------------------------------------------- values
    def param_values(self, name: str, key: tuple) -> list[Any] | None:
        param = self.spec.params.get(name)
        if param is None:
            self.issue(key, f"unknown parameter '{name}'{suggest(name, list(self.spec.params))}")
            return None
        if self.as_of is None:
            return [v.value for v in param.values.values()]
        dated = [d for d in param.values if d <= self.as_of]
        if not dated:
            self.unresolved.append(f"params.{name} has no value before {min(param.values).isoformat()}")
            return [param.values[min(param.values)].value]
        return [param.values[max(dated)].value]

    def encode(self, info: FactInfo, value: Any, key: tuple) -> Any:
        """Check one literal against the fact's type and return its engine form."""
        kind = info.kind
        ok = False
        out = value
        if kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            out = _finite(value) if ok else value
        elif kind == "money":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if ok:
                try:
                    out = None if _finite(value) is None else int(round(value * 100))
                except OverflowError:  # finite pounds, but pence beyond any float (1e307): out of range below
                    out = INT64_MAX + 1
        elif kind == "date":
            ok = isinstance(value, dt.date)
            out = (value - EPOCH).days if ok else value
        elif kind in ("enum", "set"):
            ok = isinstance(value, str) and (not info.values or value in info.values)
            if isinstance(value, str) and not ok:
                self.issue(key, f"'{value}' is not a value of {info.path}{suggest(value, list(info.values))}; "
                                f"expected one of: {', '.join(info.values)}")
                return value
        elif kind == "text":
            ok = isinstance(value, str)
        if not ok:
            expected = {"bool": "true or false", "int": "a whole number", "number": "a number",
                        "money": "an amount in pounds", "date": "a date (YYYY-MM-DD)",
                        "enum": "a string", "set": "a string", "text": "a string"}[kind]
            self.issue(key, f"{info.path} is {kind}: expected {expected}, got {value!r}")
            return out
        # What the matching engine compares exactly (docs/engine.md, "Engine limits"), as for profile values.
        if out is None:
            self.issue(key, f"{info.path} is {kind}: expected a finite number, got {value!r}")
        elif isinstance(out, int) and not isinstance(out, bool) and not INT64_MIN <= out <= INT64_MAX:
            what = "an amount of at most £{:,.2f}".format(MAX_MONEY) if kind == "money" else \
                f"a whole number from {INT64_MIN:,} to {INT64_MAX:,}"
            self.issue(key, f"{info.path} is {kind}: expected {what}, got {value!r}")
        elif isinstance(out, str) and len(out) > MAX_TEXT_CHARS:
            self.issue(key, f"{info.path} is {kind}: expected a text of at most {MAX_TEXT_CHARS:,} characters, "
                            f"got {len(out):,}")
        return out

    def literal(self, info: FactInfo, value: Any, key: tuple) -> Any:
        if isinstance(value, ParamRef):
            values = self.param_values(value.param, key)
            if values is None:
                return None
            encoded = [self.encode(info, v, key) for v in values]
            return encoded[-1]
        return self.encode(info, value, key)

    def literal_list(self, info: FactInfo, value: Any, key: tuple) -> tuple[Any, ...]:
        if isinstance(value, ParamRef):
            values = self.param_values(value.param, key) or []
            lists = [v if isinstance(v, list) else [v] for v in values]
            return tuple(self.encode(info, v, key) for v in lists[-1]) if lists else ()
        return tuple(self.encode(info, v, key + (i,)) for i, v in enumerate(value))

    # -------------------------------------------------------------- conditions
    def fact(self, node: FactTest, key: tuple, scope: tuple[str, ...]) -> ir.Cond:
        cat = catalogue()
        info = cat.get(node.fact)
        if info is None:
            self.issue(key + ("fact",), f"unknown fact '{node.fact}'{suggest(node.fact, list(cat))}")
            return ir.Const(True)
        owner = subject_of(node.fact)
        if owner not in scope:
            where = " or ".join(f"'{s}'" for s in scope)
            self.issue(key + ("fact",), f"'{node.fact}' belongs to subject '{owner}'; here only facts of {where} "
                                        f"can be read (quantify with some/every/count over '{owner}')")
            return ir.Const(True)
        op, operand = node.operator, node.operand
        if op not in _ALLOWED_OPS[info.kind]:
            self.issue(key + (op if op != "in" else "in",),
                       f"operator '{op}' does not apply to {info.kind} fact {node.fact}; "
                       f"use one of: {', '.join(sorted(_ALLOWED_OPS[info.kind]))}")
            return ir.Const(True)
        k = key + (op,)
        if op == "exists":
            test = ir.Test(node.fact, "exists")
            return test if operand else ir.Not(test)
        if op in ("in", "not_in"):
            values = self.literal_list(info, operand, k)
            test = ir.Test(node.fact, "in", values)
            return test if op == "in" else ir.Not(test)
        if op == "contains":
            return ir.Test(node.fact, "has", self.literal(info, operand, k))
        value = self.literal(info, operand, k)
        if op in ("lt", "le", "gt", "ge") and info.kind not in ORDERED_KINDS:
            self.issue(k, f"operator '{op}' needs a number, money or date fact; {node.fact} is {info.kind}")
        if op == "ne":
            return ir.Not(ir.Test(node.fact, "eq", value))
        return ir.Test(node.fact, op, value)

    def cond(self, node: Any, key: tuple, scope: tuple[str, ...], in_quantifier: bool) -> ir.Cond:
        if isinstance(node, FactTest):
            return self.fact(node, key, scope)
        if isinstance(node, AllOf):
            return ir.And(tuple(self.cond(c, key + ("all", i), scope, in_quantifier) for i, c in enumerate(node.all)))
        if isinstance(node, AnyOf):
            return ir.Or(tuple(self.cond(c, key + ("any", i), scope, in_quantifier) for i, c in enumerate(node.any)))
        if isinstance(node, NotOf):
            return ir.Not(self.cond(node.not_, key + ("not",), scope, in_quantifier))
        if isinstance(node, Use):
            return self.use(node, key, scope, in_quantifier)
        if isinstance(node, (Some, Every, Count)):
            tag = "some" if isinstance(node, Some) else "every" if isinstance(node, Every) else "count"
            over = getattr(node, tag)
            k = key + (tag,)
            if in_quantifier:
                self.issue(k, "quantifiers cannot be nested; derive a fact instead")
                return ir.Const(True)
            if over.in_ not in COLLECTIONS:
                self.issue(k + ("in",), f"unknown collection '{over.in_}'{suggest(over.in_, list(COLLECTIONS))}; "
                                        f"expected one of: {', '.join(COLLECTIONS)}")
                return ir.Const(True)
            if over.in_ == self.spec.subject:
                self.issue(k + ("in",), f"a rule about each {over.in_} cannot also quantify over {over.in_}s")
                return ir.Const(True)
            where = ir.Const(True) if over.where is None else self.cond(
                over.where, k + ("where",), ("organisation", over.in_), True)
            self.qcount += 1
            qid = f"{self.rule_id}#q{self.qcount}"
            if tag == "some":
                return open_world(qid, over.in_, where, 1, None)
            if tag == "every":
                return open_world(qid, over.in_, ir.Not(where), None, 0)
            return open_world(qid, over.in_, where, over.at_least, over.at_most)
        self.issue(key, "not a condition")
        return ir.Const(True)


    def use(self, node: Use, key: tuple, scope: tuple[str, ...], in_quantifier: bool) -> ir.Cond:
        """Inline a named condition; problems inside its definition are reported against its own file."""
        k = key + ("use",)
        loaded = self.conditions.get(node.use)
        if loaded is None:
            self.issue(k, f"unknown condition '{node.use}'{suggest(node.use, list(self.conditions))}")
            return ir.Const(True)
        subject = loaded.spec.subject
        if subject != "organisation" and subject not in scope:
            where = " or ".join(f"'{s}'" for s in scope)
            self.issue(k, f"condition '{node.use}' reads facts of '{subject}'; here only facts of {where} can be read")
            return ir.Const(True)
        if node.use in self.using:
            self.issue(k, f"condition '{node.use}' uses itself ({' -> '.join(self.using + (node.use,))})")
            return ir.Const(True)
        saved, self.issues = self.issues, []
        self.using += (node.use,)
        try:
            return self.cond(loaded.spec.when, ("when",), scope, in_quantifier)
        finally:
            self.issues, self.using = saved, self.using[:-1]


def check_conditions(conditions: dict[str, LoadedCondition]) -> list[tuple[str, tuple, str]]:
    """Every problem inside each named condition, as (name, key path in its file, message)."""
    out: list[tuple[str, tuple, str]] = []
    for name, loaded in conditions.items():
        subject = loaded.spec.subject
        if subject != "organisation" and subject not in COLLECTIONS:
            out.append((name, ("conditions", name, "subject"),
                        f"unknown subject '{subject}'{suggest(subject, ['organisation', *COLLECTIONS])}"))
            continue
        walker = _Walker(_DefinitionScope(subject), f"use:{name}", None, conditions, using=(name,))
        scope = ("organisation",) if subject == "organisation" else ("organisation", subject)
        walker.cond(loaded.spec.when, ("conditions", name, "when"), scope, False)
        out.extend((name, issue.key, issue.message) for issue in walker.issues)
    return out


def open_world(qid: str, kind: str, where: ir.Cond, at_least: int | None, at_most: int | None) -> ir.Cond:
    """A count over a list the profile may not have named in full.

    Finding enough items proves "at least"; finding too many disproves "at most";
    but concluding from items *not* found needs the list to be complete. The fact
    ``list_complete.<list>`` is true when the profile declares it complete and absent
    otherwise, so "at least" becomes ``count or list_complete == false`` and "at most"
    ``count and list_complete == true``: with the list complete each is just the count,
    and without it the conclusion from absence is unknown (Kleene logic).
    """
    complete = f"list_complete.{LIST_NAMES[kind]}"
    parts: list[ir.Cond] = []
    if at_least:
        lower = ir.Count(qid if at_most is None else f"{qid}a", kind, where, at_least=at_least)
        parts.append(ir.Or((lower, ir.Test(complete, "eq", False))))
    if at_most is not None:
        upper = ir.Count(qid if not at_least else f"{qid}b", kind, where, at_most=at_most)
        parts.append(ir.And((upper, ir.Test(complete, "eq", True))))
    if not parts:
        return ir.Const(True)
    return parts[0] if len(parts) == 1 else ir.And(tuple(parts))


_MAX_PLACEHOLDER_ISSUES = 20   # each comes with a "did you mean", a search of the whole fact catalogue


def check_placeholders(spec: RuleSpec) -> list[Issue]:
    """Every {placeholder} in a message must name a fact of the rule's scope or one of its params."""
    issues: list[Issue] = []
    scope = {"organisation", spec.subject}
    seen: set[str] = set()
    for field_name in ("gap", "met", "not_applicable", "remediation"):
        text = getattr(spec, field_name)
        if not text:
            continue
        for name in re.findall(r"\{([^{}]*)\}", text):
            if name in seen:
                continue
            seen.add(name)
            if len(issues) >= _MAX_PLACEHOLDER_ISSUES:   # a broken message need not be searched to the end
                issues.append(Issue((field_name,), f"more placeholders that name no fact (only the first "
                                                   f"{_MAX_PLACEHOLDER_ISSUES} are listed)"))
                return issues
            if name.startswith("params."):
                if name[7:] not in spec.params:
                    issues.append(Issue((field_name,), f"placeholder {{{name}}}: no parameter '{name[7:]}'"
                                                       f"{suggest(name[7:], list(spec.params))}"))
            elif name in SUBJECT_PLACEHOLDERS:
                continue
            elif name not in catalogue():
                issues.append(Issue((field_name,), f"placeholder {{{name}}} names no fact{suggest(name, list(catalogue()))}"))
            elif subject_of(name) not in scope:
                issues.append(Issue((field_name,), f"placeholder {{{name}}} is not a fact of this rule's subject"))
    return issues


def check_rule(spec: RuleSpec, rule_id: str, conditions: dict[str, LoadedCondition] | None = None) -> list[Issue]:
    """Every problem in a rule, checking each dated parameter value."""
    walker = _Walker(spec, rule_id, None, conditions or {})
    _lower_with(walker)
    issues = walker.issues + check_placeholders(spec)
    if spec.subject not in ("organisation", *COLLECTIONS):
        issues.append(Issue(("subject",), f"unknown subject '{spec.subject}'"
                                          f"{suggest(spec.subject, ['organisation', *COLLECTIONS])}"))
    return issues


def _lower_with(walker: _Walker) -> tuple[ir.Cond, ir.Cond, list[ir.Cond]]:
    spec = walker.spec
    scope = ("organisation",) if spec.subject == "organisation" else ("organisation", spec.subject)
    applies = ir.Const(True) if spec.applies_when is None else walker.cond(spec.applies_when, ("applies_when",), scope, False)
    requires = walker.cond(spec.requires, ("requires",), scope, False)
    cases = [walker.cond(case.if_, ("risk", "when", i, "if"), scope, False) for i, case in enumerate(spec.risk.when)]
    return applies, requires, cases


def lower(spec: RuleSpec, rule_id: str, as_of: dt.date, conditions: dict[str, LoadedCondition] | None = None,
          successor: str | None = None) -> tuple[ir.IRRule, list[ir.IRRule], list[Issue]]:
    """The IR of a rule on ``as_of``, its risk-case companions, and any problems (a rule with problems
    must not be used). A companion is matched like any rule; its "requires" is one risk case, so both
    backends decide which cases hold."""
    walker = _Walker(spec, rule_id, as_of, conditions or {})
    applies, requires, cases = _lower_with(walker)
    in_force, reason = True, ""
    if spec.valid_from and as_of < spec.valid_from:
        in_force, reason = False, f"in force from {spec.valid_from.isoformat()}"
        if spec.preceded_by is not None:
            reason += f"; before then {spec.preceded_by.describe()}"
    elif spec.valid_to and as_of > spec.valid_to:
        in_force, reason = False, f"not in force after {spec.valid_to.isoformat()}"
        if successor:
            reason += f"; from then {successor} applies"
    elif walker.unresolved:
        in_force, reason = False, "; ".join(walker.unresolved)
    params = {}
    for name, param in spec.params.items():
        dated = [d for d in param.values if d <= as_of]
        if dated:
            params[name] = param.values[max(dated)].value
    rule = ir.IRRule(rule_id, spec.subject, applies, requires, in_force, reason, params)
    companions = [ir.IRRule(ir.risk_case_id(rule_id, i), spec.subject, applies, case, in_force, reason, params,
                            risk_case_of=rule_id) for i, case in enumerate(cases)]
    return rule, companions, walker.issues


def lower_condition(spec: RuleSpec, rule_id: str, as_of: dt.date, node: Any,
                    conditions: dict[str, LoadedCondition] | None = None, *, over: str | None = None) -> ir.Cond:
    """One condition of a rule (a part of ``applies_when`` or ``requires``, or the ``when`` of a named
    condition it uses) lowered on its own for ``as_of``, so each part of a finding's argument can be
    evaluated and shown; ``over`` is the collection a quantifier body reads. A rule that compiles lowers
    every part without problems."""
    walker = _Walker(spec, rule_id, as_of, conditions or {})
    if over is not None:
        return walker.cond(node, (), ("organisation", over), True)
    scope = ("organisation",) if spec.subject == "organisation" else ("organisation", spec.subject)
    return walker.cond(node, (), scope, False)
