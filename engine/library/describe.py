"""Plain-English rendering of conditions and message templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ...facts import wording
from ...facts.catalogue import catalogue
from .spec import AllOf, AnyOf, Count, Every, FactTest, NotOf, ParamRef, Some, Use

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
    if isinstance(cond, Use):
        return cond.use.replace("-", " ")
    return str(cond)


def _wrap(cond: Any) -> str:
    text = describe(cond)
    return f"({text})" if isinstance(cond, (AllOf, AnyOf)) else text


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
# Placeholders about the subject itself rather than a fact: its name, its name as a possessive, its id.
SUBJECT_PLACEHOLDERS = frozenset({"subject", "subject's", "subject.key"})


def placeholders(template: str) -> list[str]:
    """The names in a template's ``{...}`` placeholders, in order."""
    return _PLACEHOLDER.findall(template)


def render(template: str, say: Callable[[str], str]) -> str:
    """Fill each ``{name}`` with ``say(name)``, the reader's words for it; never evaluates anything."""
    return _PLACEHOLDER.sub(lambda m: say(m.group(1)), template)


@dataclass(frozen=True)
class MessageContext:
    """What a message about one subject can name: the subject, its facts, the rule's parameters."""

    subject: str                                   # the subject's name, as a reader knows it
    key: str = ""                                  # its id in the profile
    values: Mapping[str, Any] = field(default_factory=dict)   # fact path -> engine-form value (absent: unknown)
    params: Mapping[str, Any] = field(default_factory=dict)   # parameter -> value on the evaluation date
    units: Mapping[str, str | None] = field(default_factory=dict)  # parameter -> its unit ('days')
    name_of: Callable[[str, str], str | None] | None = None    # (subject kind, id) -> that subject's name

    def say(self, name: str) -> str:
        """The reader's words for one placeholder."""
        if name == "subject":
            return self.subject
        if name == "subject's":
            return wording.possessive(self.subject)
        if name == "subject.key":
            return self.key
        if name.startswith("params."):
            value = self.params.get(name[7:])
            if value is None:
                return wording.MISSING
            if isinstance(value, bool):
                return "yes" if value else "no"
            if isinstance(value, (int, float)):
                return wording.quantity(value, self.units.get(name[7:]))
            return str(value)
        info = catalogue().get(name)
        if info is None:  # the linter rejects such a placeholder; say nothing raw if one slips through
            return wording.MISSING
        return wording.say(info, self.values.get(name), self.name_of)


def fill(template: str, context: MessageContext) -> str:
    """A message template with every placeholder in a reader's words."""
    return render(template, context.say)
