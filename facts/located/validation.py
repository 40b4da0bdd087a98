"""Turn pydantic validation errors into located, actionable problems.

Shared by the profile loader and the rule library so both speak the same way:
file:line:column, the key path, what was expected, and "did you mean" for typos.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .problems import Problem
from .reader import Located


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every pydantic model reachable directly through an annotation's unions and containers."""
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        found: list[type[BaseModel]] = []
        for arg in typing.get_args(annotation):
            found.extend(_models_in(arg))
        return found
    return []


def _child_annotations(annotation: Any, key: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _child_annotations(typing.get_args(annotation)[0], key)
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_child_annotations(arg, key))
        return out
    if origin in (list, set, frozenset, tuple) and isinstance(key, int):
        return list(typing.get_args(annotation)[:1])
    if origin is dict:
        args = typing.get_args(annotation)
        return [args[1]] if len(args) == 2 else []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(key, str):
        field = annotation.model_fields.get(key)
        return [field.annotation] if field else []
    return []


def allowed_keys(root: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """Field names that are valid at ``path`` (a mapping inside the document)."""
    annotations: list[Any] = [root]
    for key in path:
        nxt: list[Any] = []
        for ann in annotations:
            nxt.extend(_child_annotations(ann, key))
        annotations = nxt
    names: list[str] = []
    for ann in annotations:
        for model in _models_in(ann):
            names.extend(n for n in model.model_fields if n not in names)
    return names


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep only the parts of a pydantic ``loc`` that index into the data (drop union tags)."""
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path)


def suggest(word: str, choices: list[str]) -> str:
    """A ' (did you mean ...?)' hint, or an empty string (always for a very long list: too slow to search)."""
    if len(choices) > _MAX_CHOICES or len(str(word)) > _MAX_SHOWN:
        return ""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_EXPECTED_LITERALS = re.compile(r"'([^']*)'")
_MAX_MESSAGE = 1000
_MAX_SHOWN = 80
_MAX_CHOICES = 1000


def shorten(value: Any) -> str:
    """``repr(value)``, cut to a length a message can carry: '1111...1111' (5,000 characters)."""
    text = repr(value)
    if len(text) <= _MAX_SHOWN:
        return text
    return f"{text[:_MAX_SHOWN // 2]}...{text[-_MAX_SHOWN // 4:]} ({len(text):,} characters)"


_OCTAL = re.compile(r"[-+]?0[0-7_]+")


def number_hint(located: Located, path: tuple[Any, ...], given: int) -> str:
    """A hint for text YAML read as a number: a phone number, sort code or account code written without
    quotes. One with a leading zero is read as an octal number, so the value shown is not what was typed."""
    written = None
    line, col = located.position(path)
    lines = located.text.splitlines() if located.text else []
    if line is not None and col is not None and 0 < line <= len(lines):
        after = lines[line - 1][col - 1:]
        if ":" in after:
            after = after.split(":", 1)[1]
        token = after.split("#", 1)[0].strip().strip("-").strip()
        written = token if re.fullmatch(r"[-+0-9_]+", token or "-") else None
    if written and _OCTAL.fullmatch(written):
        return (f" (YAML read {written} as an octal number, because of its leading zero): write it in quotes, "
                f"e.g. \"{written}\"")
    shown = written or str(given)
    return f"; a number, code or phone number that is text must be written in quotes, e.g. \"{shown}\""


def problems_from_validation(
    exc: ValidationError, located: Located, root: type[BaseModel], base: tuple[Any, ...] = ()
) -> list[Problem]:
    """Convert every error of ``exc`` (validating ``located.data`` at ``base``) to a :class:`Problem`."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    sub = located.data
    for part in base:
        sub = sub[part]
    for err in exc.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        path = _data_path(sub, loc)
        etype = err.get("type", "")
        given = err.get("input")
        if etype == "extra_forbidden":
            key = loc[-1] if loc else "?"
            parent = path[:-1] if path and path[-1] == key else path
            choices = allowed_keys(root, parent)
            message = f"unknown key '{key}'{suggest(key, choices)}"
            if not suggest(key, choices) and choices:
                message += f"; expected one of: {', '.join(choices)}"
        elif etype == "missing":
            key = loc[-1] if loc else "?"
            path = path + (key,) if not path or path[-1] != key else path
            message = f"required key '{key}' is missing"
        else:
            message = str(err.get("msg", "invalid value"))
            message = message.removeprefix("Value error, ")
            if etype in ("enum", "literal_error"):
                expected = _EXPECTED_LITERALS.findall(str(err.get("ctx", {}).get("expected", "")))
                message += suggest(str(given), expected)
            if given is not None and not isinstance(given, (dict, list)) and repr(given) not in message:
                message += f"; got {shorten(given)}"
            if isinstance(given, int) and not isinstance(given, bool) and etype == "string_type":
                message += number_hint(located, base + path, given)
            if len(message) > _MAX_MESSAGE:  # a validator that quoted a long value
                message = message[:_MAX_MESSAGE] + "..."
        full = base + path
        line, col = located.position(full)
        ident = (dotted(full), message)
        if ident in seen:
            continue
        seen.add(ident)
        problems.append(Problem(located.file, line, col, dotted(full), message))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.key))
    return problems
