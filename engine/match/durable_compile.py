"""Compile IR rules to a durable-rules ruleset (pure: no engine calls, golden-testable).

How the three-valued IR maps onto a Rete engine that only knows true matches:

* every condition is compiled twice, once for "surely true" (T) and once for
  "surely false" (F); a subject whose fact matches neither is unknown. So each
  rule yields up to four single-pattern durable rules: applies T/F, requires T/F.
* a comparison is T when the attribute exists and the test holds, and F when the
  attribute exists and the complementary test holds; missing attributes never
  match (``$ex`` guards every F test), which is exactly "unknown".
* quantifiers (some/every/count) run as a first stage over item facts: durable
  matches each item against "surely where" and "possibly where", Python counts the
  matches, and the count's truth is written onto the subject facts as a boolean
  property for the second stage.
* an ``$or`` whose branches both match activates the rule once per branch, so
  item matches are counted as distinct items, never as activations.
* sets become one boolean property per member value, so no array operators are needed.
* every fact tag has a catch-all rule: deleting a session in which a fact matched
  no rule frees an invalid pointer in durable-rules 2.0.28 (it aborts the process),
  so no fact is ever left unhandled.
* facts are split into shards of at most ``MAX_PROPS`` properties and rules into
  groups of at most ``MAX_RULES_PER_TAG`` per fact tag, well inside durable's limits
  (about 250 properties per fact crashes the C code; more than 64 rules matching
  under one node overflow its traversal stack).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...facts.catalogue import catalogue, subject_of
from ..library import ir
from ..library.loader import CompiledLibrary

MAX_PROPS = 180
# durable-rules walks its alpha network with a fixed stack of 64 pending nodes
# (ERR_MAX_STACK_SIZE, 303): every rule under one fact tag can push a node, so a
# tag carries at most 11 rules x 4 patterns + the catch-all = 45.
MAX_RULES_PER_TAG = 11
RESERVED = ("id", "sid", "t", "n")

Expr = Any  # a durable JSON expression, or True / False before folding


def fnv1a32(text: str) -> int:
    """durable-rules' 32-bit hash of names and ids (FNV-1a)."""
    h = 0x811C9DC5
    for byte in text.encode():
        h ^= byte
        h = (h * 16777619) & 0xFFFFFFFF
    return h


@lru_cache(maxsize=1)
def property_keys() -> tuple[str, ...]:
    """Short property names whose hashes collide neither with each other nor with reserved names."""
    seen = {fnv1a32(r) for r in RESERVED}
    keys: list[str] = []
    n = 0
    while len(keys) < MAX_PROPS + 8:
        key = f"p{n}"
        n += 1
        h = fnv1a32(key)
        if h not in seen:
            seen.add(h)
            keys.append(key)
    return tuple(keys)


# ------------------------------------------------------------------ properties

def set_member(path: str, value: str) -> str:
    return f"{path}#{value}"


def needed_props(cond: ir.Cond) -> list[str]:
    """Engine properties a condition reads (quantifier bodies excluded)."""
    out: dict[str, None] = {}
    for node in _shallow(cond):
        if isinstance(node, ir.Test):
            if node.op == "has":
                out.setdefault(set_member(node.path, node.value), None)
            elif node.op == "exists" and catalogue()[node.path].kind == "set":
                out.setdefault(node.path, None)
            else:
                out.setdefault(node.path, None)
        elif isinstance(node, ir.Count):
            out.setdefault(node.qid, None)
    return list(out)


def _shallow(cond: ir.Cond):
    yield cond
    if isinstance(cond, (ir.And, ir.Or)):
        for item in cond.items:
            yield from _shallow(item)
    elif isinstance(cond, ir.Not):
        yield from _shallow(cond.item)


# ------------------------------------------------------------------ expressions

def _flat(op: str, parts: list[Expr]) -> list[Expr]:
    """Splice nested same-operator groups and drop repeated parts."""
    out: dict[str, Expr] = {}
    for p in parts:
        for q in (p[op] if isinstance(p, dict) and list(p) == [op] else [p]):
            out.setdefault(repr(q), q)  # parts are built the same way each time, so repr is a stable key
    return list(out.values())


def _and(parts: list[Expr]) -> Expr:
    if any(p is False for p in parts):
        return False
    parts = _flat("$and", [p for p in parts if p is not True])
    if not parts:
        return True
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _or(parts: list[Expr]) -> Expr:
    if any(p is True for p in parts):
        return True
    parts = _flat("$or", [p for p in parts if p is not False])
    if not parts:
        return False
    return parts[0] if len(parts) == 1 else {"$or": parts}


_COMPLEMENT = {"lt": "$gte", "le": "$gt", "gt": "$lte", "ge": "$lt"}
_DIRECT = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


def _test_parts(node: ir.Test, key: dict[str, str]) -> tuple[Expr, Expr, str]:
    """(holds, fails, presence key) for a comparison, as positive durable expressions."""
    if node.op == "has":
        k = key[set_member(node.path, node.value)]
        return {k: True}, {k: False}, k
    k = key[node.path]
    if node.op == "eq":
        return {k: node.value}, {"$neq": {k: node.value}}, k
    if node.op == "in":
        return _or([{k: v} for v in node.value]), _and([{"$neq": {k: v}} for v in node.value]), k
    if node.op in _DIRECT:
        return {_DIRECT[node.op]: {k: node.value}}, {_COMPLEMENT[node.op]: {k: node.value}}, k
    raise ValueError(f"no durable form for {node.op}")


def expr(cond: ir.Cond, want: str, key: dict[str, str]) -> Expr:
    """Durable expression for T (surely true), F (surely false), NT (not surely true) or NF."""
    if isinstance(cond, ir.Const):
        return cond.value if want in ("T", "NF") else not cond.value
    if isinstance(cond, ir.Not):
        return expr(cond.item, {"T": "F", "F": "T", "NT": "NF", "NF": "NT"}[want], key)
    if isinstance(cond, (ir.And, ir.Or)):
        conj = isinstance(cond, ir.And) == (want in ("T", "NF"))
        parts = [expr(c, want, key) for c in cond.items]
        return _and(parts) if conj else _or(parts)
    if isinstance(cond, ir.Count):
        k = key[cond.qid]
        holds, fails = {k: True}, {k: False}
        present = k
    elif cond.op == "exists":
        k = key[cond.path]
        holds, fails = {"$ex": {k: 1}}, {"$nex": {k: 1}}
        return holds if want in ("T", "NF") else fails
    else:
        holds, fails, present = _test_parts(cond, key)
    if want == "T":
        return holds
    if want == "F":
        return _and([{"$ex": {present: 1}}, fails])
    if want == "NT":
        return _or([{"$nex": {present: 1}}, fails])
    return _or([{"$nex": {present: 1}}, holds])


# ------------------------------------------------------------------ plan

@dataclass(frozen=True)
class Shard:
    """One kind of fact asserted per subject (or item): a tag and the properties it carries."""

    tag: str
    kind: str                 # subject or collection kind
    stage: int                # 1: quantifier items, 2: subjects
    props: dict[str, str]     # engine property (path, path#value or qid) -> short key


@dataclass(frozen=True)
class Target:
    """What a durable rule name stands for."""

    rule_id: str
    part: str                 # applies | requires | qT | qP | seen
    truth: bool | None = None  # for applies/requires: which outcome a match means
    qid: str = ""


@dataclass(frozen=True)
class DurablePlan:
    ruleset: dict[str, Any]
    shards: tuple[Shard, ...]
    targets: dict[str, Target]
    counts: dict[str, ir.Count] = field(default_factory=dict)
    rule_subjects: dict[str, str] = field(default_factory=dict)
    digest: str = ""


def _pack(groups: list[tuple[Any, list[str]]]) -> list[tuple[list[Any], list[str]]]:
    """Greedy packing of (item, props) into shards within the property and rule limits."""
    shards: list[tuple[list[Any], list[str]]] = []
    for item, props in groups:
        if len(props) > MAX_PROPS:
            raise ValueError(f"{item} reads {len(props)} facts; at most {MAX_PROPS} are supported")
        if shards:
            items, current = shards[-1]
            merged = list(dict.fromkeys(current + props))
            if len(merged) <= MAX_PROPS and len(items) < MAX_RULES_PER_TAG:
                items.append(item)
                shards[-1] = (items, merged)
                continue
        shards.append(([item], list(dict.fromkeys(props))))
    return shards


def compile_plan(library: CompiledLibrary) -> DurablePlan:
    """The whole ruleset and fact plan for one compiled library."""
    keys = property_keys()
    ruleset: dict[str, Any] = {}
    shards: list[Shard] = []
    targets: dict[str, Target] = {}
    count_nodes: dict[str, ir.Count] = {}
    rules = [r for r in library.rules if r.in_force]
    name_no = 0

    def add_rule(tag: str, body: Expr, target: Target) -> None:
        nonlocal name_no
        if body is False:
            return
        test = {"t": tag} if body is True else _and([{"t": tag}, body])
        name = f"r{name_no}"
        name_no += 1
        ruleset[name] = {"all": [{"m": test}]}
        targets[name] = target

    # Stage 1: quantifier items.
    by_kind: dict[str, list[tuple[ir.Count, list[str]]]] = {}
    for rule in rules:
        for node in ir.counts(rule.applies) + ir.counts(rule.requires):
            count_nodes[node.qid] = node
            by_kind.setdefault(node.kind, []).append((node, needed_props(node.where)))
    for kind in sorted(by_kind):
        for n, (nodes, props) in enumerate(_pack(by_kind[kind])):
            shard = Shard(f"i:{kind}:{n}", kind, 1, {p: keys[i] for i, p in enumerate(props)})
            shards.append(shard)
            add_rule(shard.tag, True, Target("", "seen"))
            for node in nodes:
                add_rule(shard.tag, expr(node.where, "T", shard.props), Target("", "qT", qid=node.qid))
                add_rule(shard.tag, expr(node.where, "NF", shard.props), Target("", "qP", qid=node.qid))

    # Stage 2: subjects.
    by_subject: dict[str, list[tuple[ir.IRRule, list[str]]]] = {}
    for rule in rules:
        props = list(dict.fromkeys(needed_props(rule.applies) + needed_props(rule.requires)))
        by_subject.setdefault(rule.subject, []).append((rule, props))
    for kind in sorted(by_subject):
        for n, (group, props) in enumerate(_pack(by_subject[kind])):
            shard = Shard(f"s:{kind}:{n}", kind, 2, {p: keys[i] for i, p in enumerate(props)})
            shards.append(shard)
            add_rule(shard.tag, True, Target("", "seen"))
            for rule in group:
                for part, cond in (("applies", rule.applies), ("requires", rule.requires)):
                    add_rule(shard.tag, expr(cond, "T", shard.props), Target(rule.id, part, True))
                    add_rule(shard.tag, expr(cond, "F", shard.props), Target(rule.id, part, False))
    return DurablePlan(ruleset, tuple(shards), targets, count_nodes, {r.id: r.subject for r in rules},
                       library.digest)


def owner_of(prop: str) -> str:
    """Subject kind that supplies an engine property ('organisation' or a collection)."""
    return subject_of(prop.split("#", 1)[0])
