"""Flatten a validated profile into plain typed values per subject.

Both evaluators read this form: a dict of fact path -> JSON-safe value, with absent
(unknown) facts simply missing. Money becomes pence, dates become epoch days, sets
become sorted tuples, so comparisons never cross types.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .catalogue import COLLECTIONS, FactInfo, catalogue
from .located.problems import Problem
from .located.reader import Located
from .located.validation import dotted
from .joins import Joined, list_facts, offering_joins
from .profile import Profile
from .types import INT64_MAX, INT64_MIN, MAX_TEXT_CHARS

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


_MISSING = object()
_BY_SUBJECT: dict[str, tuple[tuple[str, FactInfo, bool], ...]] = {}


def _facts_of(subject: str) -> tuple[tuple[str, FactInfo, bool], ...]:
    """The catalogue's facts about one kind of subject: (path, info, read from the role graph)."""
    found = _BY_SUBJECT.get(subject)
    if found is None:
        extra = COLLECTIONS[subject].extra if subject in COLLECTIONS else {}
        found = _BY_SUBJECT[subject] = tuple((path, info, path in extra) for path, info in catalogue().items()
                                             if info.subject == subject)
    return found


def _read(root: Any, attrs: tuple[str, ...]) -> Any:
    """The value at ``attrs`` below ``root`` (None past a section that is not there). A model's field is read
    from its ``__dict__``, anything else (a derived property) through ``getattr``: pydantic's own attribute
    lookup is the slow path for names that are not fields."""
    node = root
    for attr in attrs:
        if node is None:
            return None
        fields = getattr(node, "__dict__", None)
        value = fields.get(attr, _MISSING) if fields is not None else _MISSING
        node = getattr(node, attr, None) if value is _MISSING else value
    return node


def _values(root: BaseModel, subject: str, graph: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, info, from_graph in _facts_of(subject):
        value = (graph or {}).get(info.attrs[0]) if from_graph else _read(root, info.attrs)
        if value is not None:
            out[path] = encode(info, value)
    return out


def _kleene_or(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else None


def _kleene_and(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return True if all(v is True for v in values) else None


def _role_graph(roles: list[Any]) -> dict[str, dict[str, Any]]:
    """Facts about each role that depend on the others: target known, limits rise, chain ends at the top.

    In Kleene logic like every condition: a fact the profile does not state makes what
    depends on it unknown (absent) unless the stated facts settle it either way. So a
    role whose ``unlimited_authority`` is not stated may or may not be the top of a chain,
    and a comparison needs both of its limits.
    """
    by_id = {r.id: r for r in roles}
    out: dict[str, dict[str, Any]] = {}
    for role in roles:
        facts: dict[str, Any] = {}
        if role.escalates_to is None:
            facts["escalation_target_known"] = role.unlimited_authority
        else:
            facts["escalation_target_known"] = role.escalates_to in by_id
        # Limits rise: the role decides any amount, or its target does, or the target may approve more on
        # each of the two limits (a limit not stated on either side leaves that comparison unknown).
        target = by_id.get(role.escalates_to) if role.escalates_to else None
        if target is not None:
            pairs = [(role.refund_limit, target.refund_limit), (role.goodwill_limit, target.goodwill_limit)]
            higher = _kleene_and([None if a is None or b is None else b > a for a, b in pairs])
            raises = _kleene_or([role.unlimited_authority, target.unlimited_authority, higher])
        else:  # no target: only the top of a chain needs none
            raises = True if role.unlimited_authority else None
        facts["escalation_raises_limits"] = raises
        out[role.id] = facts
    for role_id, reaches in _chains_reach_unlimited(roles, by_id).items():
        out[role_id]["chain_reaches_unlimited"] = reaches
    return out


def _chains_reach_unlimited(roles: list[Any], by_id: dict[str, Any]) -> dict[str, bool | None]:
    """Per role, whether its escalation chain reaches a role that decides any amount, in one pass.

    The chain reaches the top when some role on it decides any amount; it does not when every role
    on it surely does not and it ends (or goes round in a circle); otherwise it is unknown. A chain
    that names a role the profile does not have leads somewhere unknown. Each role's answer is the
    Kleene "or" of its own ``unlimited_authority`` and its target's answer, so each role is walked
    once however long the chains (a chain of 10,000 roles is linear, not quadratic).
    """
    done: dict[str, bool | None] = {}
    for start in roles:
        path: list[Any] = []
        on_path: dict[str, int] = {}
        node, tail = start, False
        while True:
            if node.id in done:
                tail = done[node.id]
                break
            if node.id in on_path:  # a circle: every role on it has the answer of the whole circle
                cycle = path[on_path[node.id]:]
                value = _kleene_or([r.unlimited_authority for r in cycle] + [False])
                for r in cycle:
                    done[r.id] = value
                path = path[:on_path[node.id]]
                tail = value
                break
            on_path[node.id] = len(path)
            path.append(node)
            if node.escalates_to is None:
                tail = False
                break
            target = by_id.get(node.escalates_to)
            if target is None:  # names a role the profile does not have: where it leads is not known
                tail = None
                break
            node = target
        for r in reversed(path):
            tail = _kleene_or([r.unlimited_authority, tail])
            done[r.id] = tail
    return done


def flatten(profile: Profile, positions: dict[tuple, tuple[int, int]] | None = None) -> FlatProfile:
    """Turn a profile into subjects with typed values and the line each value came from."""
    positions = positions or {}
    cat = catalogue()
    org_lines: dict[str, int] = {}
    org_values = _values(profile, "organisation")
    for path in org_values:
        org_lines[path] = _line(positions, tuple(cat[path].attrs), profile, cat[path])
    _merge(list_facts(profile), "", org_values, org_lines, positions)
    organisation = Subject("organisation", "organisation", profile.organisation.name, org_values, org_lines)
    collections: dict[str, tuple[Subject, ...] | None] = {}
    for kind, coll in COLLECTIONS.items():
        items = _read(profile, coll.path)
        if items is None:
            collections[kind] = None
            continue
        graph = _role_graph(items) if kind == "role" else {}
        joins = offering_joins(profile) if kind == "offering" else {}
        subjects = []
        for index, item in enumerate(items):
            key = str(getattr(item, coll.key))
            label = getattr(item, coll.label, None) or key
            values = _values(item, kind, graph.get(key))
            lines = {p: _line(positions, coll.path + (index,) + cat[p].attrs, item, cat[p]) for p in values}
            if key in joins:
                _merge(joins[key], f"{kind}.", values, lines, positions)
            subjects.append(Subject(kind, key, str(label), values, lines))
        collections[kind] = tuple(subjects)
    return FlatProfile(organisation, collections)


def _merge(joined: Joined, prefix: str, values: dict[str, Any], lines: dict[str, int], positions: dict) -> None:
    """Add facts computed in joins.py, each with the line of the key it was copied from."""
    cat = catalogue()
    for attr_path, value in joined.values.items():
        path = prefix + attr_path
        values[path] = encode(cat[path], value)
        key = joined.keys.get(attr_path, ())
        lines[path] = next((positions[key[:cut]][0] for cut in range(len(key), 0, -1) if key[:cut] in positions), 0)


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


def _value_problem(info: FactInfo, value: Any) -> str:
    """Why a fact's engine form is not one every rule can be evaluated on exactly ('' if it is)."""
    if isinstance(value, bool) or info.kind == "set":
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {value}"
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        return f"expected a whole number from {INT64_MIN:,} to {INT64_MAX:,}, got {value:,}"
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        return f"expected a text of at most {MAX_TEXT_CHARS:,} characters, got {len(value):,}"
    return ""


def engine_value_problems(profile: Profile, located: Located, flat: FlatProfile | None = None) -> list[Problem]:
    """Every fact of a valid profile that no engine could compare exactly: a number that is not finite, a
    whole number outside 64 bits, a text longer than ``MAX_TEXT_CHARS`` (docs/engine.md, "Engine limits").

    Checked on the values rules read, after flattening, so a value however it was written (``.inf``,
    ``"1e400"``, an amount in pence) is caught; each problem points at the key the value came from.
    """
    cat = catalogue()
    flat = flat or flatten(profile, located.positions)
    owners: list[tuple[Subject, tuple[Any, ...]]] = [(flat.organisation, ())]
    for kind, coll in COLLECTIONS.items():
        owners += [(subject, coll.path + (i,)) for i, subject in enumerate(flat.collections[kind] or ())]
    problems: list[Problem] = []
    for subject, base in owners:
        for path, value in subject.values.items():
            info = cat[path]
            message = _value_problem(info, value)
            if message:
                attrs = info.attrs if not info.derived else info.attrs[:-1] + (info.source.rsplit(".", 1)[-1],)
                key = base + tuple(a for a in attrs if a)
                line, column = located.position(key)
                problems.append(Problem(located.file, line, column, dotted(key), message))
    return problems
