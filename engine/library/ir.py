"""The typed intermediate form every rule compiles to, and its three-valued meaning.

Both backends consume this form. Values are already encoded (pence, epoch days),
parameters already resolved for the evaluation date, and shorthand already
lowered (``ne`` is ``not eq``, ``every`` is a count), so a backend only has to
implement a handful of node kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Union

Truth = bool | None  # True, False, or None for unknown
TestOp = Literal["eq", "lt", "le", "gt", "ge", "in", "has", "exists"]


@dataclass(frozen=True)
class Test:
    """Compare one fact (by path) with an encoded value."""

    path: str
    op: TestOp
    value: Any = None


@dataclass(frozen=True)
class And:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    item: Cond


@dataclass(frozen=True)
class Const:
    value: bool


@dataclass(frozen=True)
class Count:
    """How many items of a collection satisfy ``where``, compared with bounds."""

    qid: str
    kind: str
    where: Cond
    at_least: int | None = None
    at_most: int | None = None


Cond = Union[Test, And, Or, Not, Const, Count]


@dataclass(frozen=True)
class IRRule:
    """A rule ready for a backend, for one evaluation date."""

    id: str
    subject: str
    applies: Cond
    requires: Cond
    in_force: bool = True
    out_of_force_reason: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    risk_case_of: str = ""   # set on a companion rule whose "requires" is a risk case of that rule


def risk_case_id(rule_id: str, index: int) -> str:
    return f"{rule_id}~risk{index}"


def kleene_and(values: list[Truth]) -> Truth:
    if any(v is False for v in values):
        return False
    return True if all(v is True for v in values) else None


def kleene_or(values: list[Truth]) -> Truth:
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else None


def kleene_not(value: Truth) -> Truth:
    return None if value is None else not value


def count_truth(node: Count, definitely: int | None, possibly: int | None) -> Truth:
    """Truth of a count from how many items surely match and how many might.

    ``None`` counts mean the collection itself is unknown.
    """
    if definitely is None or possibly is None:
        return None
    parts: list[Truth] = []
    if node.at_least is not None:
        parts.append(True if definitely >= node.at_least else False if possibly < node.at_least else None)
    if node.at_most is not None:
        parts.append(True if possibly <= node.at_most else False if definitely > node.at_most else None)
    return kleene_and(parts)


def walk(cond: Cond):
    """Every node of a condition, depth first (quantifier bodies included)."""
    yield cond
    if isinstance(cond, (And, Or)):
        for item in cond.items:
            yield from walk(item)
    elif isinstance(cond, Not):
        yield from walk(cond.item)
    elif isinstance(cond, Count):
        yield from walk(cond.where)


def paths(cond: Cond) -> list[str]:
    """Fact paths a condition reads, in first-seen order."""
    seen: dict[str, None] = {}
    for node in walk(cond):
        if isinstance(node, Test):
            seen.setdefault(node.path, None)
    return list(seen)


def counts(cond: Cond) -> list[Count]:
    return [n for n in walk(cond) if isinstance(n, Count)]
