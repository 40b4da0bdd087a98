"""Flatten a validated profile into plain typed values per subject.

Both evaluators read this form: a dict of fact path -> JSON-safe value, with absent
(unknown) facts simply missing. Money becomes pence, dates become epoch days, sets
become sorted tuples, so comparisons never cross types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .catalogue import COLLECTIONS, FactInfo, catalogue
from .profile import Profile

EPOCH = dt.date(1970, 1, 1)


def encode(info: FactInfo, value: Any) -> Any:
    """The engine form of a fact value."""
    if info.kind == "money":
        return int((Decimal(value) * 100).to_integral_value())
    if info.kind == "date":
        return (value - EPOCH).days
    if info.kind == "set":
        return tuple(sorted(str(v) for v in value))
    if info.kind == "number":
        return float(value)
    return value


def decode(info: FactInfo, value: Any) -> Any:
    """Back from the engine form to what a person reads (for messages and reports)."""
    if value is None:
        return None
    if info.kind == "money":
        return f"£{Decimal(value) / 100:,.2f}"
    if info.kind == "date":
        return (EPOCH + dt.timedelta(days=int(value))).isoformat()
    if info.kind == "set":
        return list(value)
    return value


@dataclass(frozen=True)
class Subject:
    """One item a rule can be about: the organisation, a channel, a role."""

    kind: str
    key: str
    label: str
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FlatProfile:
    """Organisation-wide facts plus each collection (None when the list itself is unknown)."""

    organisation: Subject
    collections: dict[str, tuple[Subject, ...] | None]

    def subjects(self, kind: str) -> tuple[Subject, ...] | None:
        return (self.organisation,) if kind == "organisation" else self.collections[kind]


def _get(root: Any, attrs: tuple[str, ...]) -> Any:
    node = root
    for attr in attrs:
        if node is None:
            return None
        node = getattr(node, attr, None)
    return node


def _values(root: BaseModel, subject: str, graph: dict[str, Any] | None = None) -> dict[str, Any]:
    extra = COLLECTIONS[subject].extra if subject in COLLECTIONS else {}
    out: dict[str, Any] = {}
    for path, info in catalogue().items():
        if info.subject != subject:
            continue
        value = (graph or {}).get(info.attrs[0]) if path in extra else _get(root, info.attrs)
        if value is not None:
            out[path] = encode(info, value)
    return out


def _role_graph(roles: list[Any]) -> dict[str, dict[str, Any]]:
    """Facts about each role that depend on the others: target known, limits rise, chain ends at the top."""
    by_id = {r.id: r for r in roles}
    out: dict[str, dict[str, Any]] = {}
    for role in roles:
        facts: dict[str, Any] = {}
        if role.escalates_to is None:
            facts["escalation_target_known"] = role.unlimited_authority
        else:
            facts["escalation_target_known"] = role.escalates_to in by_id
        target = by_id.get(role.escalates_to) if role.escalates_to else None
        if role.unlimited_authority:
            facts["escalation_raises_limits"] = True
        elif target is not None:
            raises = None
            if target.unlimited_authority:
                raises = True
            else:
                pairs = [(role.refund_limit, target.refund_limit), (role.goodwill_limit, target.goodwill_limit)]
                known = [(a, b) for a, b in pairs if a is not None and b is not None]
                if known:
                    raises = all(b > a for a, b in known)
            facts["escalation_raises_limits"] = raises
        # Walk the chain; a cycle or a dead end never reaches a role with unlimited authority.
        seen: set[str] = set()
        node = role
        reaches: bool | None = False
        while node is not None and node.id not in seen:
            seen.add(node.id)
            if node.unlimited_authority:
                reaches = True
                break
            if node.unlimited_authority is None and node.escalates_to is None:
                reaches = None
                break
            node = by_id.get(node.escalates_to) if node.escalates_to else None
        facts["chain_reaches_unlimited"] = reaches
        out[role.id] = facts
    return out


def flatten(profile: Profile, positions: dict[tuple, tuple[int, int]] | None = None) -> FlatProfile:
    """Turn a profile into subjects with typed values and the line each value came from."""
    positions = positions or {}
    cat = catalogue()
    org_lines: dict[str, int] = {}
    org_values = _values(profile, "organisation")
    for path in org_values:
        org_lines[path] = _line(positions, tuple(cat[path].attrs), profile, cat[path])
    organisation = Subject("organisation", "organisation", profile.organisation.name, org_values, org_lines)
    collections: dict[str, tuple[Subject, ...] | None] = {}
    for kind, coll in COLLECTIONS.items():
        items = _get(profile, coll.path)
        if items is None:
            collections[kind] = None
            continue
        graph = _role_graph(items) if kind == "role" else {}
        subjects = []
        for index, item in enumerate(items):
            key = str(getattr(item, coll.key))
            label = getattr(item, coll.label, None) or key
            values = _values(item, kind, graph.get(key))
            lines = {p: _line(positions, coll.path + (index,) + cat[p].attrs, item, cat[p]) for p in values}
            subjects.append(Subject(kind, key, str(label), values, lines))
        collections[kind] = tuple(subjects)
    return FlatProfile(organisation, collections)


def _line(positions: dict, chain: tuple, owner: Any, info: FactInfo) -> int:
    """Line of the YAML key a fact came from; derived facts point at their source field."""
    if info.derived:
        model = owner
        for attr in info.attrs[:-1]:
            model = getattr(model, attr, None) if model is not None else None
        source = getattr(type(model), "DERIVED_FROM", {}).get(info.attrs[-1]) if model is not None else None
        if source:
            chain = chain[:-1] + (source,)
        else:
            chain = chain[:-1]
    for cut in range(len(chain), -1, -1):
        pos = positions.get(tuple(chain[:cut]))
        if pos:
            return pos[0]
    return 0
