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
  so no fact is ever left unhandled; the catch-all matches also prove that every
  asserted fact arrived (the driver counts them). Each batch starts with a sentinel
  fact of its own tag, so the engine always has a state to report even if it could
  not read the first profile fact.
* facts are split into shards within the limits below. The alpha network durable
  builds for a shard is modelled here (:class:`AlphaModel`) and a shard takes rules
  only while the most alpha nodes that can be pending at once for one fact stays
  within durable's stack of 64; a rule too wide for any shard on its own is split
  into a disjunction of narrower durable rules with the same target.
* a rule too deep for one durable rule (more ``$and`` / ``$or`` groups than durable
  keeps, or an ``all`` of ``any`` that would activate once per combination) has its
  heaviest parts matched first, in rounds on the same subject's fact (:class:`Lifted`);
  later rounds read each part's truth as a boolean property, as they read a count.
* every value the engine reads is written by :func:`to_json` in a form its JSON
  reader parses exactly: floats in plain decimal notation with a point, integers
  inside int64, strings within the length durable compares correctly.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ...facts.catalogue import catalogue, subject_of
from ...facts.types import INT64_MAX, INT64_MIN
from ..library import ir
from ..library.loader import CompiledLibrary

# ------------------------------------------------------------------ limits
# durable-rules 2.0.28, read from its C source (src/rules/rules.h, rete.c, events.c, state.h) and
# measured. docs/engine.md ("Engine limits") says what csaudit does at each one;
# tests/test_match_durable_limits.py has a test at each limit and one past it.
ALPHA_STACK = 64            # events.c MAX_STACK_SIZE: alpha nodes pending while one fact is matched (303)
ALPHA_CHILDREN = 511        # rete.c NEXT_BUCKET_LENGTH 512: tests under one alpha node (a full table never ends a walk)
ALPHA_LIST = 128            # NEXT_LIST_LENGTH: $nex tests and $or joins under one alpha node (107)
ALPHA_BETAS = 256           # BETA_LIST_LENGTH: rules whose pattern ends at one alpha node (108)
MAX_RULES = 4096            # rete.c MAX_ACTIONS: rules in one ruleset (106)
EXPRESSION_GROUPS = 15      # rete.c MAX_SEQUENCE_EXPRESSIONS 32: each $and / $or of a rule takes two of its 31 (113)
FACT_PROPERTIES = 254       # state.h MAX_OBJECT_PROPERTIES 255: a fact with more is not read, nor those after it
MAX_PROPS = 180             # properties csaudit puts in one fact, besides RESERVED: well inside FACT_PROPERTIES
MAX_STRING_BYTES = 65535    # events.c reduceString takes unsigned short lengths: a longer string compares wrongly
MAX_ACTIVATIONS = 256       # csaudit's bound on activations by one fact (one per holding path through $or joins)
LIFT_ACTIVATIONS = 64       # a rule that can activate more often than this has its parts lifted into earlier rounds
MAX_HALVINGS = 6            # a body is split in two at most this often (64 durable rules): beyond, python answers
RESERVED = ("id", "sid", "t", "n")
SENTINEL_TAG = "b"          # tag of the fact that opens every batch

Expr = Any  # a durable JSON expression, or True / False before folding


class DurableLimitError(ValueError):
    """A library or a value that durable-rules cannot evaluate exactly; the python engine is used instead."""


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


# ------------------------------------------------------------------ JSON the C reader parses exactly

def plain_float(x: float) -> str:
    """A finite float in plain decimal notation with a point: durable's reader stops at an exponent.

    The digits are Python's shortest round-trip form, so the C ``atof`` reads back the same double.
    """
    if not math.isfinite(x):
        raise DurableLimitError(f"{x!r} is not a finite number")
    text = repr(x)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else text + ".0"


def json_scalar(value: Any) -> str:
    """One value as durable reads it exactly, or :class:`DurableLimitError`."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise DurableLimitError(f"a whole number of {value.bit_length()} bits is outside the 64-bit range "
                                    f"durable-rules reads")
        return str(value)
    if isinstance(value, float):
        return plain_float(value)
    if isinstance(value, str):
        text = json.dumps(value)
        if len(text) - 2 > MAX_STRING_BYTES:
            raise DurableLimitError(f"a text of {len(text) - 2:,} bytes as JSON is longer than the "
                                    f"{MAX_STRING_BYTES:,} durable-rules compares correctly")
        return text
    raise DurableLimitError(f"durable-rules has no form for {type(value).__name__} value {value!r}")


def to_json(obj: Any) -> str:
    """JSON text of a ruleset or fact list, with every scalar written by :func:`json_scalar`."""
    if isinstance(obj, dict):
        return "{" + ", ".join(f"{json_scalar(str(k))}: {to_json(v)}" for k, v in obj.items()) + "}"
    if isinstance(obj, (list, tuple)):
        return "[" + ", ".join(to_json(v) for v in obj) + "]"
    return json_scalar(obj)


# ------------------------------------------------------------------ properties

@dataclass(frozen=True)
class Lifted:
    """Part of a rule's condition matched in an earlier round on the same subject's fact.

    Later rounds read its truth as a boolean property, true, false or absent when
    unknown, just as they read a count; so a rule too deep for one durable rule (more
    ``$and`` / ``$or`` groups than durable keeps, or an ``all`` of ``any`` that would
    activate once per combination) becomes a few shallow ones. ``depth`` is the round:
    1 + the deepest lifted part inside it.
    """

    qid: str
    cond: ir.Cond
    depth: int


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
        elif isinstance(node, (ir.Count, Lifted)):
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
    if isinstance(cond, (ir.Count, Lifted)):
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


class _Identity(dict):
    """A key map that leaves every property under its own name (for bodies not yet placed in a shard)."""

    def __missing__(self, prop: str) -> str:
        return prop


_IDENTITY = _Identity()


def _test_of(e: dict) -> tuple[str, str, Any]:
    """(property, operator, value) of one durable test as emitted by :func:`expr`."""
    ((name, body),) = e.items()
    if name.startswith("$"):
        ((prop, value),) = body.items()
        return prop, name, value
    return name, "$eq", body


def _rename(e: Expr, key: dict[str, str]) -> Expr:
    """A body built with property names, rewritten with a shard's short keys."""
    if e is True or e is False:
        return e
    ((name, body),) = e.items()
    if name in ("$and", "$or"):
        return {name: [_rename(x, key) for x in body]}
    prop, op, value = _test_of(e)
    return {key[prop]: value} if op == "$eq" else {op: {key[prop]: value}}


def _props_of(e: Expr, out: dict[str, None]) -> dict[str, None]:
    if e is True or e is False:
        return out
    ((name, body),) = e.items()
    if name in ("$and", "$or"):
        for x in body:
            _props_of(x, out)
    else:
        out.setdefault(_test_of(e)[0], None)
    return out


def pattern_groups(body: Expr) -> int:
    """How many ``$and`` / ``$or`` groups the rule ``{"t": tag} and body`` has (durable keeps two entries each)."""
    def count(e: Expr) -> int:
        if not isinstance(e, dict):
            return 0
        ((name, items),) = e.items()
        return 1 + sum(count(x) for x in items) if name in ("$and", "$or") else 0

    return count(_with_tag("", body)) if body is not True else 0


def _with_tag(tag: str, body: Expr) -> Expr:
    """The pattern ``{"t": tag} and body`` (what ``_and`` makes of it, without comparing every part)."""
    if body is True:
        return {"t": tag}
    if isinstance(body, dict) and list(body) == ["$and"]:
        return {"$and": [{"t": tag}, *body["$and"]]}
    return {"$and": [{"t": tag}, body]}


def _paths(e: Expr) -> int:
    """Activations a rule with this body can cause for one fact, counted without regard to exclusion."""
    if not isinstance(e, dict):
        return 1
    ((name, items),) = e.items()
    if name == "$or":
        return sum(_paths(x) for x in items)
    if name == "$and":
        product = 1
        for x in items:
            product *= _paths(x)
        return product
    return 1


_MEASURED: dict[int, tuple[Expr, int, int]] = {}  # during one compile_plan: body id -> (body, groups, paths)


def _measure(body: Expr) -> tuple[int, int]:
    """(``pattern_groups``, ``_paths``) of a body, worked out once per body while a plan is compiled."""
    entry = _MEASURED.get(id(body))
    if entry is None or entry[0] is not body:
        entry = _MEASURED[id(body)] = (body, pattern_groups(body), _paths(body))
    return entry[1], entry[2]


def _split(e: Expr) -> tuple[Expr, Expr] | None:
    """Two bodies whose disjunction is ``e``, each with fewer alternatives, or None for a plain conjunction."""
    if not isinstance(e, dict):
        return None
    ((name, body),) = e.items()
    if name == "$or":
        half = len(body) // 2
        return _or(body[:half]), _or(body[half:])
    if name == "$and":
        ors = [i for i, x in enumerate(body) if isinstance(x, dict) and "$or" in x]
        if not ors:
            return None
        widest = max(ors, key=lambda i: len(body[i]["$or"]))
        first, second = _split(body[widest])
        return (_and(body[:widest] + [first] + body[widest + 1:]),
                _and(body[:widest] + [second] + body[widest + 1:]))
    return None


# ------------------------------------------------------------------ the alpha network, modelled

_ABSENT = object()   # the property is not in the fact
_ANY = object()      # a value every test is taken to hold for (where values cannot be enumerated)


@dataclass(frozen=True)
class _Between:
    """Any value strictly above ``low`` (None: below every literal) and below the next literal."""

    low: Any


def _holds(test: tuple[str, str, Any], x: Any) -> bool:
    """Whether durable's test holds for property value ``x`` (one of :func:`_candidates`)."""
    op = test[1]
    if x is _ANY:
        return True
    if x is _ABSENT:
        return op == "$nex"
    if op == "$ex":
        return True
    if op == "$nex":
        return False
    value = test[2]
    if type(x) is _Between:  # above every literal <= low, below every literal > low
        below = x.low is not None and value <= x.low
        if op == "$eq":
            return False
        if op == "$neq":
            return True
        return below if op in ("$gt", "$gte") else not below
    if op == "$eq":
        return x == value
    if op == "$neq":
        return x != value
    if op == "$lt":
        return x < value
    if op == "$lte":
        return x <= value
    if op == "$gt":
        return x > value
    return x >= value


def _family(value: Any) -> str:
    return "bool" if isinstance(value, bool) else "str" if isinstance(value, str) else "num"


def _candidates(tests: list[tuple[str, str, Any]]) -> list[Any]:
    """Values of one property that between them meet every combination of its tests that can hold at once."""
    values = [v for _, op, v in tests if op not in ("$ex", "$nex")]
    families = {_family(v) for v in values}
    ordered = any(op in ("$lt", "$lte", "$gt", "$gte") for _, op, _ in tests)
    if len(families) > 1 or (ordered and families != {"num"}):
        return [_ANY]  # mixed types, or ordered tests on text: count every test as holding
    out: list[Any] = [_ABSENT]
    if families == {"num"}:
        nums = sorted(set(values))
        out += nums + [_Between(None)] + [_Between(v) for v in nums]
    elif families == {"str"}:
        out += sorted(set(values)) + [_Between(None)]  # for text, "between" is a value equal to none of them
    elif families == {"bool"}:
        out += [True, False]
    else:
        out.append(_Between(None))  # only $ex / $nex tests: any present value
    return out


class _Group:
    """The tests under one node on one property, and which of them can hold together."""

    __slots__ = ("extra", "fired", "most", "nodes", "rows", "together")

    def __init__(self, nodes: list[_Alpha]):
        self.nodes = nodes
        if len(nodes) == 1:  # one test: it holds for some value (or absence), alone
            self.rows, self.most, self.together = [[True]], 1, [1]
        else:
            tests = [n.test for n in nodes]
            self.rows = [[_holds(t, x) for t in tests] for x in _candidates(tests)]  # per value: which hold
            sums = [sum(row) for row in self.rows]
            self.most = max(sums)
            # per test: most tests of this property holding while it holds (0: it never holds)
            self.together = [max((n for n, row in zip(sums, self.rows) if row[i]), default=0)
                             for i in range(len(nodes))]
        self.changed()

    def changed(self) -> None:
        self.extra: int | None = None
        self.fired: int | None = None

    def deepest(self) -> int:
        """Most pending nodes while one of these tests' subtrees is walked, beyond ``most`` siblings."""
        if self.extra is None:
            self.extra = max((together - self.most - 1 + node.bound()
                              for node, together in zip(self.nodes, self.together) if together), default=0)
        return self.extra

    def activations(self) -> int:
        if self.fired is None:
            counts = [n.activations() for n in self.nodes]
            self.fired = max(sum(c for c, h in zip(counts, row) if h) for row in self.rows)
        return self.fired


class _Alpha:
    """One alpha node: a test, the tests under it (shared as durable shares them), its $or joins, its rules."""

    __slots__ = ("_activations", "_bound", "_by_prop", "_deep", "_fired", "_groups", "_most", "_stale", "_touched_b",
                 "_touched_a", "betas", "children", "joins", "listed", "parent", "test")

    def __init__(self, test: tuple[str, str, Any] | None, parent: _Alpha | None = None):
        self.test = test
        self.parent = parent            # for a test: the node it hangs under (a test has one)
        self.children: dict[tuple, _Alpha] = {}
        self.joins: list[_Alpha] = []   # $or join nodes: always pushed (durable's "forward" alpha nodes)
        self.betas = 0
        self.listed = 0                 # children kept in durable's list rather than its hash table ($nex)
        self._by_prop: dict[str, list[_Alpha]] = {}
        self._groups: dict[str, _Group] = {}
        self._stale: set[str] = set()      # properties that gained a test: their group is built again
        self._most = 0                     # sum of the groups' most
        self._deep: dict[str, int] = {}    # per property: its group's deepest
        self._fired: dict[str, int] = {}   # per property: its group's activations
        self._touched_b: set[str] = set()  # properties whose deepest may have changed
        self._touched_a: set[str] = set()  # properties whose activations may have changed
        self._bound: int | None = None
        self._activations: int | None = None

    def touch(self) -> None:
        """Forget what was worked out from below this node (something below it changed)."""
        self._bound = self._activations = None
        if self.parent is not None:
            prop = self.test[0]
            group = self.parent._groups.get(prop)
            if group is not None:
                group.changed()
            self.parent._touched_b.add(prop)
            self.parent._touched_a.add(prop)

    def child(self, test: tuple[str, str, Any]) -> _Alpha:
        prop, op, value = test
        key = (prop, op) if op in ("$ex", "$nex") else (prop, op, _family(value), value)
        node = self.children.get(key)
        if node is None:
            node = self.children[key] = _Alpha(test, self)
            self._by_prop.setdefault(prop, []).append(node)
            self._stale.add(prop)
            self.listed += op == "$nex"
        return node

    def groups(self):
        """The test children, by property (worked out again only for a property that gained a test)."""
        while self._stale:
            prop = self._stale.pop()
            old = self._groups.get(prop)
            group = self._groups[prop] = _Group(self._by_prop[prop])
            self._most += group.most - (old.most if old else 0)
            self._touched_b.add(prop)
            self._touched_a.add(prop)
        return self._groups.values()

    def bound(self) -> int:
        """Most alpha nodes pending on durable's stack from when this node is popped until its subtree is done.

        Popping a node pushes every child that holds; they wait below the one popped
        next. So the bound is the larger of how many children can hold at once and, for
        each child, how many siblings can hold with it (waiting below) plus the child's
        own bound. Children on different properties are taken to hold together; on one
        property, only as many as one value (or its absence) satisfies.
        """
        if self._bound is None:
            self._settle("_bound", _Alpha._work_out_bound)
        return self._bound  # type: ignore[return-value]

    def activations(self) -> int:
        """Most activations one fact can cause below this node (each holding path to a rule is one)."""
        if self._activations is None:
            self._settle("_activations", _Alpha._work_out_activations)
        return self._activations  # type: ignore[return-value]

    def _settle(self, attr: str, work_out) -> None:
        """Work out ``attr`` of every stale node below this one, children first, without recursion (chains run
        deep); each node's own step then reads its children's values directly."""
        stack: list[tuple[_Alpha, bool]] = [(self, False)]
        while stack:
            node, ready = stack.pop()
            if getattr(node, attr) is not None:
                continue
            if not node.children and not node.joins:  # the end of a pattern
                node._bound, node._activations = 0, node.betas
                continue
            if ready:
                setattr(node, attr, work_out(node))
                continue
            stack.append((node, True))
            stack.extend((c, False) for c in node.children.values() if getattr(c, attr) is None)
            stack.extend((j, False) for j in node.joins if getattr(j, attr) is None)

    def _work_out_bound(self) -> int:
        self.groups()
        while self._touched_b:  # only the groups that changed are worked out again
            prop = self._touched_b.pop()
            self._deep[prop] = self._groups[prop].deepest()
        total = self._most + len(self.joins)
        result = total + max(self._deep.values(), default=0)
        for join in {id(j): j for j in self.joins}.values():
            result = max(result, total - 1 + join._bound)  # type: ignore[operator]
        return max(result, total)

    def _work_out_activations(self) -> int:
        self.groups()
        while self._touched_a:
            prop = self._touched_a.pop()
            self._fired[prop] = self._groups[prop].activations()
        return self.betas + sum(j._activations for j in self.joins) + sum(self._fired.values())  # type: ignore[misc]

    def problems(self) -> list[str]:
        """The node-level limits this node breaks."""
        hashed = len(self.children) - self.listed
        listed = self.listed + len(self.joins)
        out = []
        if hashed > ALPHA_CHILDREN:
            out.append(f"{hashed} tests under one alpha node (at most {ALPHA_CHILDREN})")
        if listed > ALPHA_LIST:
            out.append(f"{listed} absence tests and joins under one alpha node (at most {ALPHA_LIST})")
        if self.betas > ALPHA_BETAS:
            out.append(f"{self.betas} rules ending at one alpha node (at most {ALPHA_BETAS})")
        return out


class AlphaModel:
    """The alpha network durable-rules builds for the rules of one fact tag, built as rete.c builds it.

    ``$and`` chains tests; ``$or`` links the last node of each branch to a new join node,
    which is always pushed when reached; a test is shared with an equal test under the
    same parent. Adding a rule changes only nodes on its own paths from the tag node,
    so only those are worked out again.
    """

    def __init__(self, tag: str):
        self.tag_node = _Alpha(("t", "$eq", tag))
        self._node_problems: list[str] = []
        self.stack = 1

    def add(self, body: Expr) -> None:
        """Add one rule whose pattern is ``{"t": tag}`` and ``body``."""
        touched: dict[int, _Alpha] = {id(self.tag_node): self.tag_node}
        end = self.tag_node if body is True else self._build(body, self.tag_node, touched)
        end.betas += 1
        touched[id(end)] = end
        for node in touched.values():
            node.touch()
            self._node_problems += node.problems()

    def _build(self, e: Expr, parent: _Alpha, touched: dict[int, _Alpha]) -> _Alpha:
        ((name, body),) = e.items()
        if name == "$and":
            node = parent
            for item in body:
                node = self._build(item, node, touched)
            return node
        if name == "$or":
            join = _Alpha(None)
            touched[id(join)] = join
            for item in body:
                end = self._build(item, parent, touched)
                end.joins.append(join)
                touched[id(end)] = end
            return join
        node = parent.child(_test_of(e))
        touched[id(parent)] = parent
        touched[id(node)] = node
        return node

    def stack_bound(self) -> int:
        """Most alpha nodes pending at once while durable matches one fact of this tag."""
        return max(1, self.tag_node.bound())

    def activations(self) -> int:
        """Most rule activations one fact of this tag can cause."""
        return self.tag_node.activations()

    def problems(self, activations: bool = True) -> list[str]:
        """Every durable limit this network would break (``stack`` is then the stack bound)."""
        out = list(dict.fromkeys(self._node_problems))
        stack = self.stack = self.stack_bound()
        if stack > ALPHA_STACK:
            out.append(f"up to {stack} alpha nodes pending for one fact (durable's stack holds {ALPHA_STACK})")
        fired = self.activations() if activations else 0
        if fired > MAX_ACTIVATIONS:
            out.append(f"one fact can activate rules {fired} times (at most {MAX_ACTIVATIONS}; "
                       f"an $or activates its rule once per branch that holds)")
        return out


# ------------------------------------------------------------------ plan

@dataclass(frozen=True)
class Shard:
    """One kind of fact asserted per subject (or item): a tag and the properties it carries."""

    tag: str
    kind: str                 # subject or collection kind
    stage: int                # 1: quantifier items, 2: subjects
    props: dict[str, str]     # engine property (path, path#value or qid) -> short key
    round: int = 0            # stage 2: lifted parts of this depth (1, 2, ...); 0: the rules, matched last


@dataclass(frozen=True)
class Target:
    """What a durable rule name stands for."""

    rule_id: str
    part: str                 # applies | requires | qT | qP | lift | seen
    truth: bool | None = None  # for applies/requires/lift: which outcome a match means
    qid: str = ""


@dataclass(frozen=True)
class DurablePlan:
    ruleset: dict[str, Any]
    shards: tuple[Shard, ...]
    targets: dict[str, Target]
    counts: dict[str, ir.Count] = field(default_factory=dict)
    rule_subjects: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    seen: dict[str, str] = field(default_factory=dict)       # catch-all rule name -> the tag it sees
    stack_bounds: dict[str, int] = field(default_factory=dict)  # shard tag -> most alpha nodes pending
    lifts: dict[str, Lifted] = field(default_factory=dict)      # lifted parts by qid


@dataclass
class _Unit:
    """Durable rules that go into one shard together: their bodies (with property names) and targets."""

    label: str
    props: list[str]
    parts: list[tuple[Expr, Target]]
    halvings: int = 0                 # how many times its body was split in two
    groups: int = field(init=False)   # most $and / $or groups in one of its rules
    paths: int = field(init=False)    # activations its rules can cause for one fact, at most

    def __post_init__(self) -> None:
        measured = [_measure(body) for body, _ in self.parts]
        self.groups = max((groups for groups, _ in measured), default=0)
        self.paths = sum(paths for _, paths in measured)


class _Open:
    """The shard being filled: its units, properties and alpha network."""

    def __init__(self) -> None:
        self.units: list[_Unit] = []
        self.props: dict[str, None] = {}
        self.model = AlphaModel("")
        self.model.add(True)  # the catch-all
        self.stack = 1
        self.paths = 1

    def take(self, unit: _Unit) -> list[str]:
        """Add ``unit`` and return []; or the limits it would break (the shard is then closed without it)."""
        props = dict.fromkeys([*self.props, *unit.props])
        if len(props) > MAX_PROPS:
            return [f"reads {len(props)} facts (at most {MAX_PROPS} in one fact)"]
        if unit.groups > EXPRESSION_GROUPS:
            return [f"a rule has {unit.groups} $and / $or groups (at most {EXPRESSION_GROUPS})"]
        for body, _ in unit.parts:
            self.model.add(body)
        paths = self.paths + unit.paths
        out = self.model.problems(activations=paths > MAX_ACTIVATIONS)  # else the plain count proves it
        if not out:
            self.units.append(unit)
            self.props = props
            self.stack = self.model.stack
            self.paths = paths if paths <= MAX_ACTIVATIONS else self.model.activations()
        return out


def _unit(label: str, props: list[str], parts: list[tuple[Expr, Target]]) -> _Unit:
    return _Unit(label, props, [(body, target) for body, target in parts if body is not False])


def _narrower(unit: _Unit) -> list[_Unit]:
    """A unit too wide for a shard of its own as several, each rule alone and wide bodies split in two.

    A body is a disjunction of what its halves match, and every durable rule of a target
    means the same outcome, so the halves may go to different shards.
    """
    if len(unit.parts) > 1:
        return [_Unit(unit.label, list(_props_of(body, {})), [(body, target)], unit.halvings)
                for body, target in unit.parts]
    ((body, target),) = unit.parts
    halves = _split(body) if unit.halvings < MAX_HALVINGS else None
    if halves is None:
        return []
    return [_Unit(unit.label, list(_props_of(h, {})), [(h, target)], unit.halvings + 1) for h in halves
            if h is not False]


def _pack(units: list[_Unit]) -> list[_Open]:
    """Consecutive units into shards, each within durable's limits (next fit, so the order is kept)."""
    shards: list[_Open] = []
    current: _Open | None = None
    pending = list(units)
    while pending:
        unit = pending.pop(0)
        if current is not None:
            if not current.take(unit):
                continue
            current = None  # closed: its network now holds the unit that did not fit
        alone = _Open()
        problems = alone.take(unit)
        if problems:
            narrower = _narrower(unit)
            if not narrower:
                raise DurableLimitError(f"{unit.label}: {'; '.join(problems)}")
            pending[:0] = narrower
            continue
        shards.append(alone)
        current = alone
    return shards


def _fits_one_rule(cond: ir.Cond, bodies: tuple[Expr, ...] | None = None) -> bool:
    """Whether the surely-true and surely-false rules of ``cond`` (``bodies``, if built already) each fit one
    durable rule's groups and activate a bounded number of times."""
    for body in bodies or (expr(cond, "T", _IDENTITY), expr(cond, "F", _IDENTITY)):
        if body is True or body is False:
            continue
        groups, paths = _measure(body)
        if groups > EXPRESSION_GROUPS:
            return False
        if paths > LIFT_ACTIVATIONS:
            model = AlphaModel("")
            model.add(body)
            if model.activations() > LIFT_ACTIVATIONS:
                return False
    return True


def _compound(cond: ir.Cond) -> bool:
    while isinstance(cond, ir.Not):
        cond = cond.item
    return isinstance(cond, (ir.And, ir.Or))


def _weight(cond: ir.Cond) -> int:
    """How much lifting ``cond`` saves the rule it is part of: its groups and activations."""
    if not _compound(cond):
        return 0
    return max(_measure(b)[0] * 1000 + min(_measure(b)[1], 999) if isinstance(b, dict) else 0
               for b in (expr(cond, "T", _IDENTITY), expr(cond, "F", _IDENTITY)))


def _lift(cond: ir.Cond, rule_id: str, lifts: dict[str, Lifted]) -> ir.Cond:
    """``cond`` with the fewest of its heaviest parts lifted into earlier rounds that makes it fit one durable
    rule (and so on inside each lifted part)."""
    if _fits_one_rule(cond):
        return cond
    if isinstance(cond, ir.Not):
        return ir.Not(_lift(cond.item, rule_id, lifts))
    if not isinstance(cond, (ir.And, ir.Or)):
        return cond
    items = list(cond.items)
    heaviest = [i for i in sorted(range(len(items)), key=lambda i: -_weight(items[i]))
                if _compound(items[i])]  # a single test gains nothing from a round of its own
    placeholders = [Lifted(f"?{i}", ir.Const(True), 1) for i in range(len(items))]

    def lifted(k: int) -> ir.Cond:  # the first k heaviest parts stood in by booleans
        chosen = set(heaviest[:k])
        return type(cond)(tuple(placeholders[i] if i in chosen else item for i, item in enumerate(items)))

    low, high = 1, len(heaviest)  # fewest parts to lift: lifting more never makes the rest deeper
    while low < high:
        middle = (low + high) // 2
        if _fits_one_rule(lifted(middle)):
            high = middle
        else:
            low = middle + 1
    for i in heaviest[:high]:
        inner = _lift(items[i], rule_id, lifts)
        depth = 1 + max((lifts[q].depth for q in needed_props(inner) if q in lifts), default=0)
        qid = f"{rule_id}#l{len(lifts) + 1}"
        lifts[qid] = items[i] = Lifted(qid, inner, depth)
    return type(cond)(tuple(items))


def compile_plan(library: CompiledLibrary) -> DurablePlan:
    """The whole ruleset and fact plan for one compiled library; :class:`DurableLimitError` if none fits."""
    try:
        return _compile_plan(library)
    finally:
        _MEASURED.clear()


def _compile_plan(library: CompiledLibrary) -> DurablePlan:
    keys = property_keys()
    identity = _IDENTITY
    ruleset: dict[str, Any] = {}
    shards: list[Shard] = []
    targets: dict[str, Target] = {}
    seen: dict[str, str] = {}
    bounds: dict[str, int] = {}
    count_nodes: dict[str, ir.Count] = {}
    rules = [r for r in library.rules if r.in_force]
    name_no = 0

    def add_rule(tag: str, body: Expr, target: Target) -> None:
        nonlocal name_no
        if body is False:
            return
        test = _with_tag(tag, body)
        name = f"r{name_no}"
        name_no += 1
        ruleset[name] = {"all": [{"m": test}]}
        targets[name] = target
        if target.part == "seen":
            seen[name] = tag

    def place(prefix: str, kind: str, stage: int, units: list[_Unit], round_: int = 0) -> None:
        for n, packed in enumerate(_pack(units)):
            shard = Shard(f"{prefix}:{kind}:{n}", kind, stage, {p: keys[i] for i, p in enumerate(packed.props)},
                          round_)
            shards.append(shard)
            add_rule(shard.tag, True, Target("", "seen"))
            for unit in packed.units:
                for body, target in unit.parts:
                    add_rule(shard.tag, _rename(body, shard.props), target)
            bounds[shard.tag] = packed.stack

    # Stage 1: quantifier items.
    by_kind: dict[str, list[_Unit]] = {}
    for rule in rules:
        for node in ir.counts(rule.applies) + ir.counts(rule.requires):
            count_nodes[node.qid] = node
            by_kind.setdefault(node.kind, []).append(_unit(node.qid, needed_props(node.where), [
                (expr(node.where, "T", identity), Target("", "qT", qid=node.qid)),
                (expr(node.where, "NF", identity), Target("", "qP", qid=node.qid)),
            ]))
    for kind in sorted(by_kind):
        place("i", kind, 1, by_kind[kind])

    # Stage 2: subjects; first, round by round, the parts lifted out of rules too deep for one durable rule.
    by_subject: dict[str, list[_Unit]] = {}
    lifted: dict[tuple[int, str], list[_Unit]] = {}
    all_lifts: dict[str, Lifted] = {}
    for rule in rules:
        lifts: dict[str, Lifted] = {}
        bodies = {part: (expr(cond, "T", identity), expr(cond, "F", identity))
                  for part, cond in (("applies", rule.applies), ("requires", rule.requires))}
        applies, requires = rule.applies, rule.requires
        if not _fits_one_rule(applies, bodies["applies"]):
            applies = _lift(applies, rule.id, lifts)
            bodies["applies"] = (expr(applies, "T", identity), expr(applies, "F", identity))
        if not _fits_one_rule(requires, bodies["requires"]):
            requires = _lift(requires, rule.id, lifts)
            bodies["requires"] = (expr(requires, "T", identity), expr(requires, "F", identity))
        for qid, lift in lifts.items():
            lifted.setdefault((lift.depth, rule.subject), []).append(_unit(qid, needed_props(lift.cond), [
                (expr(lift.cond, want, identity), Target(rule.id, "lift", want == "T", qid)) for want in ("T", "F")]))
        all_lifts.update(lifts)
        props = list(dict.fromkeys(needed_props(applies) + needed_props(requires)))
        parts = [(body, Target(rule.id, part, want == "T"))
                 for part in ("applies", "requires") for want, body in zip("TF", bodies[part])]
        by_subject.setdefault(rule.subject, []).append(_unit(rule.id, props, parts))
    for depth, kind in sorted(lifted):
        place(f"l{depth}", kind, 2, lifted[(depth, kind)], depth)
    for kind in sorted(by_subject):
        place("s", kind, 2, by_subject[kind])

    if ruleset:
        add_rule(SENTINEL_TAG, True, Target("", "seen"))
    if len(ruleset) > MAX_RULES:
        raise DurableLimitError(f"the library compiles to {len(ruleset)} durable rules (at most {MAX_RULES} "
                                f"in one ruleset)")
    return DurablePlan(ruleset, tuple(shards), targets, count_nodes, {r.id: r.subject for r in rules},
                       library.digest, seen, bounds, all_lifts)


def owner_of(prop: str) -> str:
    """Subject kind that supplies an engine property ('organisation' or a collection)."""
    return subject_of(prop.split("#", 1)[0])
