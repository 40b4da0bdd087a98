"""Hypothesis strategies for random valid profiles, driven by the profile models.

``profiles()`` draws ordinary values; ``profiles(wide=True)`` also reaches the inputs an
engine can get wrong: floats of every magnitude (those Python writes with an exponent
among them), whole numbers and amounts up to the 64-bit bounds, long and non-ASCII text
up to ``MAX_TEXT_CHARS``, and many items per list. ``WIDE_TEXTS`` are shared with the
random rules of tests/test_engine_agreement.py, so a text literal can equal a profile's.
"""

from __future__ import annotations

import datetime as _dt
import functools as _functools
import re as _re
import types as _types
import typing as _typing
from decimal import Decimal as _Decimal

from csaudit.facts.types import INT64_MAX, MAX_MONEY, MAX_TEXT_CHARS
from hypothesis import assume
from hypothesis import strategies as st

_PHONES = ["0345 600 1234", "020 7946 0000", "0800 123 456", "0808 157 0192", "07700 900 123",
           "0845 123 4567", "0871 234 5678", "0906 555 0199", "07012 345678", "01632 960 001"]
_HOURS = ["24/7", "closed", "Mon-Fri 09:00-17:00", "Mon-Fri 08:00-20:00; Sat 09:00-13:00",
          "Mon-Sun 00:00-24:00", "Sat-Sun 10:00-16:00", "Mon-Fri 09:00-12:00, 13:00-17:30; Sun closed"]
_IDS = ["a", "b", "c", "d", "e"]
_WIDE_IDS = _IDS + ["f", "g", "h", "i", "j", "k", "l"]
_TEXTS = ["n1", "n2", "Text"]

# Floats Python's json module writes with an exponent or that sit at a limit of the double format.
EXPONENT_FLOATS = [1e-05, 0.00001234, 1e16, 1.5e16, 1e22, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                   9007199254740993.0, 123456789012345680.0, 0.1, 2.5]
# Whole numbers near the bounds durable-rules reads exactly (int64) and where doubles lose precision.
EDGE_INTS = [0, 1, 2**31 - 1, 2**31, 2**53, 2**53 + 1, 2**62, INT64_MAX - 1, INT64_MAX]
WIDE_TEXTS = ["n1", "Text", "", " ", "é", "naïve café", "日本語", "𝄞 clef", '"quoted" \\ back\\slash', "tab\tnew\nline",
              "\x00nul", "x" * MAX_TEXT_CHARS, "x" * (MAX_TEXT_CHARS - 1) + "y", "𝄞" * MAX_TEXT_CHARS,
              "ab" * (MAX_TEXT_CHARS // 2)]


def _unwrap(ann):
    while _typing.get_origin(ann) is _typing.Annotated:
        ann = _typing.get_args(ann)[0]
    return ann


def _bounds(metadata) -> tuple[float | None, float | None, int, int | None, str | None]:
    """(ge, le, min length, max length, pattern) from a field's constraints."""
    found: dict[str, object] = {}
    for item in metadata or ():
        for attr in ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern"):
            value = getattr(item, attr, None)
            if value is not None:
                found[attr] = value
    ge = found.get("ge", None if "gt" not in found else found["gt"] + 1)  # type: ignore[operator]
    le = found.get("le", None if "lt" not in found else found["lt"] - 1)  # type: ignore[operator]
    return ge, le, int(found.get("min_length", 0)), found.get("max_length"), found.get("pattern")  # type: ignore


def _numbers(kind: str, ge, le, wide: bool):
    if kind == "int":
        lo = int(ge) if ge is not None else 0
        hi = int(le) if le is not None else (INT64_MAX if wide else 60)
        narrow = st.integers(max(lo, 0), min(hi, max(lo, 0) + 60))
        if not wide:
            return narrow
        return st.one_of(narrow, st.sampled_from([v for v in EDGE_INTS if lo <= v <= hi] or [lo]),
                         st.integers(lo, hi))
    lo = float(ge) if ge is not None else 0.0
    hi = float(le) if le is not None else 1.7976931348623157e308
    halves = (max(0, int(lo * 2) + (lo * 2 % 1 > 0)), int(min(hi, 100) * 2))  # x / 2 for x in this range
    narrow = st.integers(*halves).map(lambda x: x / 2) if halves[0] <= halves[1] else st.just(lo)
    if not wide:
        return narrow
    return st.one_of(narrow, st.sampled_from([v for v in EXPONENT_FLOATS if lo <= v <= hi] or [lo]),
                     st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False))


def _money(wide: bool):
    narrow = st.integers(0, 200000).map(lambda p: _Decimal(p) / 100)
    if not wide:
        return narrow
    return st.one_of(narrow, st.sampled_from([MAX_MONEY, MAX_MONEY - _Decimal("0.01"), _Decimal("0.01"),
                                              _Decimal(2**53) / 100]),
                     st.integers(0, int(MAX_MONEY * 100)).map(lambda p: _Decimal(p) / 100))


def _text(name: str, pattern: str | None, wide: bool):
    if name in ("id", "escalates_to"):
        return st.sampled_from(_WIDE_IDS if wide else _IDS)
    if pattern:
        return st.from_regex(pattern, fullmatch=True).filter(lambda s: len(s) <= 40)
    if not wide:
        return st.sampled_from(_TEXTS)
    return st.one_of(st.sampled_from(WIDE_TEXTS), st.text(max_size=40))


def _value_strategy(name: str, ann, depth: int = 0, metadata=(), wide: bool = False):
    from pydantic import BaseModel

    metadata = list(metadata)
    while _typing.get_origin(ann) is _typing.Annotated:
        args = _typing.get_args(ann)
        metadata += [m for arg in args[1:] for m in (getattr(arg, "metadata", None) or [arg])]
        ann = args[0]
    origin = _typing.get_origin(ann)
    if origin in (_typing.Union, _types.UnionType):
        args = [a for a in _typing.get_args(ann) if a is not type(None)]
        inner = _value_strategy(name, args[0], depth, metadata, wide)
        return st.one_of(st.none(), inner) if len(_typing.get_args(ann)) > len(args) else inner
    if name == "number":
        return st.sampled_from(_PHONES)
    if name == "opening_hours":
        return st.sampled_from(_HOURS)
    ge, le, min_len, max_len, pattern = _bounds(metadata)
    if origin is _typing.Literal:
        return st.sampled_from(_typing.get_args(ann))
    if origin in (frozenset, set, list):
        (inner,) = _typing.get_args(ann)
        inner = _unwrap(inner)
        if _typing.get_origin(inner) is _typing.Literal:
            choices = _typing.get_args(inner)
            return st.lists(st.sampled_from(choices), min_size=min(min_len, len(choices)),
                            max_size=max(min_len, min(max_len or 4, len(choices))), unique=True)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return st.lists(model_strategy(inner, depth + 1, wide), min_size=min_len,
                            max_size=max(min_len, max_len or (12 if wide and depth == 0 else 3)))
        pool = (_WIDE_IDS if wide else _IDS)[:3] + ["x", "y", "z"]
        return st.lists(st.sampled_from(pool), min_size=min_len, max_size=max(min_len, 3), unique=True)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return model_strategy(ann, depth + 1, wide)
    if ann is bool:
        return st.booleans()
    if ann is int:
        return _numbers("int", ge, le, wide)
    if ann is float:
        return _numbers("float", ge, le, wide)
    if ann is _Decimal:
        return _money(wide)
    if ann is _dt.date:
        return st.dates(_dt.date(2015, 1, 1), _dt.date(2027, 12, 31))
    if ann is str:
        return _text(name, pattern, wide)
    if origin is dict:
        return st.just({})
    raise NotImplementedError(f"no strategy for {name}: {ann}")


@_functools.cache
def model_strategy(model, depth: int = 0, wide: bool = False):
    """Random valid data for a profile model: every field independently present or absent (built once)."""
    fields = {}
    for name, field in model.model_fields.items():
        if name == "answers":  # answers to manual questions: not facts rules read
            continue
        strat = _value_strategy(name, field.annotation, depth, field.metadata, wide)
        if not field.is_required():
            strat = st.one_of(st.none(), strat)
        fields[name] = strat
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not None})


_KEY = _re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _key_path(dotted: str) -> tuple:
    return tuple(int(i) if i else name for name, i in _KEY.findall(dotted))


def _delete(data, path: tuple) -> bool:
    """Remove what ``path`` names (or, where it is already gone, its parent); False if nothing is left to remove."""
    while path:
        holder = data
        for part in path[:-1]:
            try:
                holder = holder[part]
            except (KeyError, IndexError, TypeError):
                holder = None
                break
        leaf = path[-1]
        if holder is not None and ((isinstance(holder, dict) and leaf in holder)
                                   or (isinstance(holder, list) and isinstance(leaf, int) and leaf < len(holder))):
            del holder[leaf]
            return True
        path = path[:-1]
    return False


def _unique_ids(draw, node, wide: bool) -> None:
    """Every list of items with ids gets distinct ids (the loader refuses duplicates)."""
    if isinstance(node, dict):
        for value in node.values():
            _unique_ids(draw, value, wide)
    elif isinstance(node, list):
        items = [x for x in node if isinstance(x, dict) and "id" in x]
        pool = _WIDE_IDS if wide else _IDS
        if items:
            del node[len(pool):]
            items = [x for x in node if isinstance(x, dict) and "id" in x]
            ids = draw(st.lists(st.sampled_from(pool), min_size=len(items), max_size=len(items), unique=True))
            for item, new in zip(items, ids):
                item["id"] = new
        for value in node:
            _unique_ids(draw, value, wide)


@st.composite
def profiles(draw, wide: bool = False):
    """A random valid profile: unique ids, references that resolve; ``wide`` reaches the engine's limits."""
    from csaudit.facts.loader import contradictions, load_profile_data
    from csaudit.facts.located.problems import ProfileError
    from csaudit.facts.profile import Profile

    data = draw(model_strategy(Profile, wide=wide))
    data.setdefault("organisation", {"name": "Org"})
    _unique_ids(draw, data, wide)
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
    for _first, _value, second, _why in contradictions(data):  # a valid profile never contradicts itself
        _delete(data, second)
    roles = data.get("authority", {}).get("roles") if isinstance(data.get("authority"), dict) else None
    if roles:
        ids = [role["id"] for role in roles]
        for role in roles:
            if "escalates_to" in role:
                role["escalates_to"] = draw(st.sampled_from(ids))
    # Whatever else the loader refuses (a reference to an item not drawn, a rule between sections) is
    # left out, problem by problem, so the profile stays valid as the schema grows.
    for _ in range(12):
        try:
            load_profile_data(data, "generated")
            return data
        except ProfileError as exc:
            removed = [_delete(data, _key_path(p.key)) for p in exc.problems]
            if not any(removed):
                break
    assume(False)
    return data
