"""Hypothesis strategies for random valid profiles, driven by the profile models."""

from __future__ import annotations

import datetime as _dt
import types as _types
import typing as _typing
from decimal import Decimal as _Decimal

from hypothesis import strategies as st

_PHONES = ["0345 600 1234", "020 7946 0000", "0800 123 456", "0808 157 0192", "07700 900 123",
           "0845 123 4567", "0871 234 5678", "0906 555 0199", "07012 345678", "01632 960 001"]
_HOURS = ["24/7", "closed", "Mon-Fri 09:00-17:00", "Mon-Fri 08:00-20:00; Sat 09:00-13:00",
          "Mon-Sun 00:00-24:00", "Sat-Sun 10:00-16:00", "Mon-Fri 09:00-12:00, 13:00-17:30; Sun closed"]
_IDS = ["a", "b", "c", "d", "e"]


def _unwrap(ann):
    while _typing.get_origin(ann) is _typing.Annotated:
        ann = _typing.get_args(ann)[0]
    return ann


def _value_strategy(name: str, ann, depth: int = 0):
    from pydantic import BaseModel

    ann = _unwrap(ann)
    origin = _typing.get_origin(ann)
    if origin in (_typing.Union, _types.UnionType):
        args = [a for a in _typing.get_args(ann) if a is not type(None)]
        inner = _value_strategy(name, args[0], depth)
        return st.one_of(st.none(), inner) if len(_typing.get_args(ann)) > len(args) else inner
    if name == "number":
        return st.sampled_from(_PHONES)
    if name == "opening_hours":
        return st.sampled_from(_HOURS)
    if origin is _typing.Literal:
        return st.sampled_from(_typing.get_args(ann))
    if origin in (frozenset, set, list):
        (inner,) = _typing.get_args(ann)
        inner = _unwrap(inner)
        if _typing.get_origin(inner) is _typing.Literal:
            return st.lists(st.sampled_from(_typing.get_args(inner)), max_size=4, unique=True)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return st.lists(model_strategy(inner, depth + 1), max_size=3)
        return st.lists(st.sampled_from(["x", "y", "z"]), max_size=3, unique=True)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return model_strategy(ann, depth + 1)
    if ann is bool:
        return st.booleans()
    if ann is int:
        return st.integers(0, 60)
    if ann is float:
        return st.integers(0, 200).map(lambda x: x / 2)
    if ann is _Decimal:
        return st.integers(0, 200000).map(lambda p: _Decimal(p) / 100)
    if ann is _dt.date:
        return st.dates(_dt.date(2015, 1, 1), _dt.date(2027, 12, 31))
    if ann is str:
        return st.sampled_from(_IDS) if name in ("id", "escalates_to") else st.sampled_from(["n1", "n2", "Text"])
    raise NotImplementedError(f"no strategy for {name}: {ann}")


def model_strategy(model, depth: int = 0):
    """Random valid data for a profile model: every field independently present or absent."""
    fields = {}
    for name, field in model.model_fields.items():
        if name == "answers":  # answers to manual questions: not facts rules read
            continue
        strat = _value_strategy(name, field.annotation, depth)
        if not field.is_required():
            strat = st.one_of(st.none(), strat)
        fields[name] = strat
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not None})


@st.composite
def profiles(draw):
    """A random valid profile: unique ids, references that resolve."""
    from csaudit.facts.profile import Profile

    data = draw(model_strategy(Profile))
    data.setdefault("organisation", {"name": "Org"})
    if "channels" in data:
        ids = draw(st.lists(st.sampled_from(_IDS), min_size=len(data["channels"]),
                            max_size=len(data["channels"]), unique=True))
        for ch, cid in zip(data["channels"], ids):
            ch["id"] = cid
    for ch in data.get("channels", []):
        if ch.get("answer_target_set") is False:  # a line with no target states none
            ch.pop("answer_target_rings", None)
            ch.pop("answer_target_seconds", None)
    channel_ids = [c["id"] for c in data.get("channels", [])]
    complaints = data.get("policies", {}).get("complaints") if isinstance(data.get("policies"), dict) else None
    if complaints and "channels" in complaints:
        complaints["channels"] = [c for c in complaints["channels"] if c in channel_ids] or None
        if complaints["channels"] is None:
            del complaints["channels"]
    from csaudit.facts.loader import contradictions

    for _first, _value, second, _why in contradictions(data):  # a valid profile never contradicts itself
        *parents, leaf = second
        holder = data
        for key in parents:
            holder = holder[key]
        del holder[leaf]
    roles = data.get("authority", {}).get("roles") if isinstance(data.get("authority"), dict) else None
    if roles:
        ids = draw(st.lists(st.sampled_from(_IDS), min_size=len(roles), max_size=len(roles), unique=True))
        for role, rid in zip(roles, ids):
            role["id"] = rid
        for role in roles:
            if "escalates_to" in role:
                role["escalates_to"] = draw(st.sampled_from(ids))
    return data
