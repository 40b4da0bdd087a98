"""Plain-English rendering of conditions and message templates."""

from __future__ import annotations

import re
from typing import Any, Callable

from .spec import AllOf, AnyOf, Count, Every, FactTest, NotOf, ParamRef, Some

_OP_WORDS = {"eq": "is", "ne": "is not", "lt": "<", "le": "≤", "gt": ">", "ge": "≥", "in": "is one of",
             "not_in": "is none of", "contains": "includes"}


def _value(v: Any) -> str:
    if isinstance(v, ParamRef):
        return f"params.{v.param}"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ", ".join(_value(x) for x in v)
    return str(v)


def describe(cond: Any) -> str:
    """A short readable form of a spec condition, for reasons and ``rules show``."""
    if isinstance(cond, FactTest):
        op = cond.operator
        if op == "exists":
            return f"{cond.fact} is {'stated' if cond.exists else 'not stated'}"
        return f"{cond.fact} {_OP_WORDS[op]} {_value(cond.operand)}"
    if isinstance(cond, AllOf):
        return " and ".join(_wrap(c) for c in cond.all)
    if isinstance(cond, AnyOf):
        return " or ".join(_wrap(c) for c in cond.any)
    if isinstance(cond, NotOf):
        return f"not ({describe(cond.not_)})"
    if isinstance(cond, Some):
        return f"some {cond.some.in_} has " + (describe(cond.some.where) if cond.some.where else "any facts")
    if isinstance(cond, Every):
        return f"every {cond.every.in_} has " + (describe(cond.every.where) if cond.every.where else "any facts")
    if isinstance(cond, Count):
        c = cond.count
        bounds = " and ".join(b for b in (f"at least {c.at_least}" if c.at_least is not None else "",
                                          f"at most {c.at_most}" if c.at_most is not None else "") if b)
        return f"{bounds} {c.in_}s have " + (describe(c.where) if c.where else "any facts")
    return str(cond)


def _wrap(cond: Any) -> str:
    text = describe(cond)
    return f"({text})" if isinstance(cond, (AllOf, AnyOf)) else text


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def render(template: str, lookup: Callable[[str], Any]) -> str:
    """Fill ``{name}`` placeholders via ``lookup``; never evaluates anything."""

    def sub(match: re.Match[str]) -> str:
        value = lookup(match.group(1))
        if value is None:
            return "unknown"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value) or "none"
        return str(value)

    return _PLACEHOLDER.sub(sub, template)
