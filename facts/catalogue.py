"""Every fact a rule may name: its path, type and meaning, read off the profile models.

The rule linter checks fact paths and value types against this catalogue, and the
flattener uses it to turn a profile into plain, typed values.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel

from .adjustments import Barrier
from .authority import Role
from .channels import Channel
from .offerings import Offering, ReturnsRoute, Statement
from .profile import ListName, Profile

FactKind = Literal["bool", "int", "number", "money", "date", "enum", "set", "text"]
ORDERED_KINDS = frozenset({"int", "number", "money", "date"})


@dataclass(frozen=True)
class FactInfo:
    """One addressable fact."""

    path: str                      # 'policies.complaints.published' or 'channel.kind'
    kind: FactKind
    values: tuple[str, ...] = ()   # allowed values of an enum or of a set's members
    description: str = ""
    derived: bool = False
    subject: str = "organisation"  # 'organisation' or a collection kind
    attrs: tuple[str, ...] = ()    # attribute chain from the subject's root model
    source: str = ""               # for a derived fact: the stated fact it comes from


@dataclass(frozen=True)
class Collection:
    """A list in the profile whose items are rule subjects."""

    kind: str
    path: tuple[str, ...]
    model: type[BaseModel]
    key: str
    label: str
    extra: dict[str, FactInfo] = field(default_factory=dict, hash=False, compare=False)


# Facts about a role that depend on the other roles (computed in flatten.py).
_ROLE_GRAPH_FACTS = {
    "escalation_target_known": "escalates_to names a role in the profile",
    "escalation_raises_limits": "the role it escalates to may approve larger refunds and goodwill",
    "chain_reaches_unlimited": "following escalations ends with a role that may decide any amount",
}

# An offering carries the terms of the returns routes that apply to it, one slot per kind of return
# (computed in joins.py): cancellation of a distance or off-premises sale, a voluntary in-store return,
# and faulty goods. Each slot has every term of ReturnsRoute plus these.
ROUTE_SLOTS = {
    "cancellation": "the change-of-mind route covering its distance or off-premises sales",
    "store_returns": "the change-of-mind route covering its sales on the trader's premises",
    "faults": "the route for faulty items",
    "trader_cancellation": "the refund route when the trader cancels or fails to supply",
}
_SLOT_FACTS = {
    "offered": ("bool", "a route of this kind applies to the offering"),
    "route": ("text", "id of the route that applies"),
    "excludes_it": ("bool", "the route says this offering cannot be returned"),
}
_ROUTE_SKIP = {"id", "name", "default", "reason", "sales", "excludes", "excludes_offerings"}


def _slot_facts() -> dict[str, FactInfo]:
    out: dict[str, FactInfo] = {}
    for slot, slot_text in ROUTE_SLOTS.items():
        for name, (kind, text) in _SLOT_FACTS.items():
            path = f"offering.{slot}.{name}"
            out[path] = FactInfo(path, kind, (), f"{text} ({slot_text})", True, "offering", (slot, name),
                                 "offering.returns")
        terms: dict[str, FactInfo] = {}
        _walk(ReturnsRoute, f"offering.{slot}", (slot,), "offering", (), terms)
        for path, info in terms.items():
            if info.attrs[-1] not in _ROUTE_SKIP:
                out[path] = FactInfo(path, info.kind, info.values, f"{info.description} ({slot_text})", True,
                                     "offering", info.attrs, "offering.returns")
    return out


# Organisation facts derived from the profile as a whole (computed in joins.py).
def _list_facts() -> dict[str, FactInfo]:
    out = {}
    for name in typing.get_args(ListName):
        path = f"list_complete.{name}"
        out[path] = FactInfo(path, "bool", (), f"the profile declares the list of {name} complete (true, or absent)",
                             True, "organisation", ("list_complete", name), "complete_lists")
    return out


COLLECTIONS: dict[str, Collection] = {
    "channel": Collection("channel", ("channels",), Channel, "id", "name"),
    "role": Collection(
        "role", ("authority", "roles"), Role, "id", "title",
        extra={f"role.{n}": FactInfo(f"role.{n}", "bool", description=d, derived=True, subject="role", attrs=(n,),
                                     source="role.escalates_to")
               for n, d in _ROLE_GRAPH_FACTS.items()},
    ),
    "offering": Collection("offering", ("offerings",), Offering, "id", "name"),
    "statement": Collection("statement", ("statements",), Statement, "id", "id"),
    "barrier": Collection("barrier", ("accessibility", "barriers"), Barrier, "id", "name"),
}
# Which collection each name in complete_lists declares complete.
LIST_KINDS = {"channels": "channel", "roles": "role", "offerings": "offering", "statements": "statement",
              "returns": None, "barriers": "barrier"}


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _leaf(annotation: Any) -> tuple[FactKind, tuple[str, ...]] | None:
    ann = _unwrap(annotation)
    origin = typing.get_origin(ann)
    if origin is Literal:
        return "enum", tuple(str(a) for a in typing.get_args(ann))
    if origin in (frozenset, set, list) and typing.get_args(ann):
        inner = _unwrap(typing.get_args(ann)[0])
        if typing.get_origin(inner) is Literal:
            return "set", tuple(str(a) for a in typing.get_args(inner))
        if inner is str:
            return "set", ()
        return None
    simple: dict[Any, FactKind] = {bool: "bool", int: "int", float: "number", Decimal: "money", dt.date: "date",
                                   str: "text"}
    kind = simple.get(ann)
    return (kind, ()) if kind else None


def _walk(model: type[BaseModel], prefix: str, attrs: tuple[str, ...], subject: str,
          skip: tuple[str, ...], out: dict[str, FactInfo]) -> None:
    entries: list[tuple[str, Any, str, bool]] = [
        (n, f.annotation, f.description or "", False) for n, f in model.model_fields.items()
    ]
    entries += [(n, c.return_type, c.description or "", True) for n, c in model.model_computed_fields.items()]
    for name, annotation, description, derived in entries:
        chain = attrs + (name,)
        path = f"{prefix}.{name}" if prefix else name
        if subject == "organisation" and chain == skip[: len(chain)] and len(chain) == len(skip):
            continue
        ann = _unwrap(annotation)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            _walk(ann, path, chain, subject, skip, out)
            continue
        leaf = _leaf(annotation)
        if leaf is not None:
            origin = getattr(model, "DERIVED_FROM", {}).get(name, "") if derived else ""
            source = (f"{prefix}.{origin}" if prefix else origin) if origin else ""
            out[path] = FactInfo(path, leaf[0], leaf[1], description, derived, subject, chain, source)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, FactInfo]:
    """All fact paths, organisation-wide and per collection item."""
    out: dict[str, FactInfo] = {}
    for coll in COLLECTIONS.values():
        _walk(Profile, "", (), "organisation", coll.path, out)
    # A collection's own list is not a leaf; drop any organisation path under a collection.
    coll_prefixes = tuple(".".join(c.path) for c in COLLECTIONS.values())
    out = {p: i for p, i in out.items() if not any(p == cp or p.startswith(cp + ".") for cp in coll_prefixes)}
    for coll in COLLECTIONS.values():
        _walk(coll.model, coll.kind, (), coll.kind, (), out)
        out.update(coll.extra)
    out.update(_slot_facts())
    out.update(_list_facts())
    return dict(sorted(out.items()))


def subject_of(path: str) -> str:
    """The subject kind a path belongs to ('organisation' or a collection kind)."""
    head = path.split(".", 1)[0]
    return head if head in COLLECTIONS else "organisation"
