"""Answers into profiles: one value checked against the profile's own types, and edits written into a
YAML file keeping every other byte of it.

``validate_value`` checks a single answer with the same pydantic types and field constraints the
loader uses, so ``csaudit init`` and ``csaudit ask`` refuse a wrong answer as it is typed. ``edit_text``
sets values in YAML text with ruamel.yaml's round-trip loader and then splices only the changed lines
into the original, so comments, key order, quoting and line breaks elsewhere stay exactly as they were.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .catalogue import COLLECTIONS, _leaf
from .evidence_checks import split_path
from .located.problems import InputError, Problem
from .located.validation import _child_annotations
from .profile import Profile

KeyPath = tuple[str | int, ...]
_ITEM_KEYS = {tuple(c.path): c.key for c in COLLECTIONS.values()} | {("policies", "returns"): "id",
                                                                     ("evidence",): "id"}


class AnswerError(ValueError):
    """An answer that does not fit the fact it is for: the message says what is expected."""


def field_at(path: KeyPath) -> tuple[Any, Any] | None:
    """(annotation, pydantic FieldInfo or None) of the profile field at ``path`` (indexes for list items)."""
    annotations: list[Any] = [Profile]
    info = None
    for key in path:
        nxt: list[Any] = []
        for ann in annotations:
            nxt.extend(_child_annotations(ann, key))
            if isinstance(key, str):
                for model in _models(ann):
                    if key in model.model_fields:
                        info = model.model_fields[key]
        if not nxt:
            return None
        annotations = nxt
        info = info if isinstance(key, str) else None
    return annotations[0], info


def _models(ann: Any) -> list[type[BaseModel]]:
    from .located.validation import _models_in

    return _models_in(ann)


def kind_at(path: KeyPath) -> tuple[str, tuple[str, ...]] | None:
    """The fact kind (bool, int, enum, set ...) and enum values of the field at ``path``."""
    found = field_at(path)
    if found is None:
        return None
    return _leaf(found[0])


def validate_value(path: KeyPath, value: Any) -> Any:
    """``value`` checked as the field at ``path`` checks it; the checked value, ready to write as YAML."""
    found = field_at(path)
    if found is None:
        raise AnswerError(f"'{'.'.join(map(str, path))}' is not a part of a profile")
    annotation, info = found
    adapter = TypeAdapter(Annotated[annotation, info] if info is not None else annotation)
    if isinstance(value, str):
        value = value.strip()
    try:
        checked = adapter.validate_python(value)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        message = "; ".join(str(e.get("msg", "invalid value")).removeprefix("Value error, ") for e in errors[:3])
        raise AnswerError(message) from None
    return plain(checked)


def plain(value: Any) -> Any:
    """A validated value as YAML writes it: sets as sorted lists, money as a number, models as mappings."""
    if isinstance(value, BaseModel):
        return {k: plain(v) for k, v in value.model_dump(exclude_none=True).items()}
    if isinstance(value, (frozenset, set)):
        return sorted(plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def data_path(data: Any, profile_path: str) -> KeyPath:
    """'policies.returns[online].window_days' -> ('policies', 'returns', 2, 'window_days') in ``data``; an item
    named by id must exist."""
    parts = split_path(profile_path)
    if not parts:
        raise AnswerError(f"'{profile_path}' is not a profile path")
    out: list[str | int] = []
    node = data
    names: list[str] = []
    for name, key in parts:
        out.append(name)
        names.append(name)
        node = node.get(name) if isinstance(node, dict) else None
        if key is None:
            continue
        attr = _ITEM_KEYS.get(tuple(names), "id")
        items = node if isinstance(node, list) else []
        index = next((i for i, item in enumerate(items) if isinstance(item, dict) and item.get(attr) == key), None)
        if index is None:
            raise AnswerError(f"the profile has no item '{key}' in {'.'.join(names)}")
        out.append(index)
        node = items[index]
    return tuple(out)


# ------------------------------------------------------------------------------------------ round-trip edits
@dataclass(frozen=True)
class Edit:
    """Set ``value`` at ``path`` (mappings on the way are created); ``append`` adds it to the list there."""

    path: KeyPath
    value: Any
    append: bool = False


def _yaml():
    from ruamel.yaml import YAML  # imported only when a profile is edited

    round_trip = YAML(typ="rt")  # the round-trip loader builds plain maps and lists, never Python objects
    round_trip.preserve_quotes = True
    round_trip.width = 4096
    round_trip.indent(mapping=2, sequence=4, offset=2)
    return round_trip


def _detect_indent(text: str) -> tuple[int, int]:
    """(sequence indent, dash offset) the file uses for block lists under a key."""
    lines = text.splitlines()
    for i, line in enumerate(lines[1:], 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") and lines[i - 1].rstrip().endswith(":"):
            parent = len(lines[i - 1]) - len(lines[i - 1].lstrip(" "))
            offset = len(line) - len(stripped) - parent
            return offset + 2, offset
    return 4, 2


def _to_ruamel(value: Any, flow_lists: bool = True) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _to_ruamel(v)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_to_ruamel(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _apply(doc: Any, edit: Edit) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = doc
    for i, key in enumerate(edit.path[:-1]):
        nxt = edit.path[i + 1]
        if isinstance(key, int):
            node = node[key]
            continue
        if key not in node or node[key] is None:
            node[key] = CommentedSeq() if isinstance(nxt, int) else CommentedMap()
        node = node[key]
    last = edit.path[-1]
    if edit.append:
        if last not in node or node[last] is None:
            node[last] = CommentedSeq()
        node[last].append(_to_ruamel(edit.value))
    else:
        node[last] = _to_ruamel(edit.value)


def _dump(round_trip, doc) -> str:
    out = io.StringIO()
    round_trip.dump(doc, out)
    return out.getvalue()


def edit_text(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` applied; every line the edits do not touch is kept byte for byte.

    ruamel.yaml keeps comments and order but may rewrap a long flow list; so the edited document and the
    unedited one are both dumped, the lines that differ between those two dumps are the edits, and those
    lines are spliced into the original text where its unchanged neighbours are.
    """
    if not edits:
        return text
    round_trip = _yaml()
    seq, offset = _detect_indent(text)
    round_trip.indent(mapping=2, sequence=seq, offset=offset)
    base_doc = round_trip.load(text)
    if base_doc is None:
        from ruamel.yaml.comments import CommentedMap

        base_doc = CommentedMap()
    base = _dump(round_trip, base_doc).splitlines(keepends=True)
    for edit in edits:
        _apply(base_doc, edit)
    edited = _dump(round_trip, base_doc).splitlines(keepends=True)
    original = text.splitlines(keepends=True)
    if original and not original[-1].endswith("\n"):
        original[-1] += "\n"
    # where each line of the plain dump sits in the original (None: ruamel rewrote it)
    where: dict[int, int] = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, base, original, autojunk=False).get_opcodes():
        if tag == "equal":
            where.update({i1 + k: j1 + k for k in range(i2 - i1)})
    out = list(original)
    shift = 0  # lines added so far before the current point of the original
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, edited, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2:  # an insertion before base line i1: after the original line of base line i1 - 1
            anchor = where.get(i1 - 1) if i1 > 0 else -1
            if anchor is None:
                raise AnswerError("the profile's layout around this key is unusual; edit it by hand")
            at = anchor + 1 + shift
            out[at:at] = edited[j1:j2]
            shift += j2 - j1
            continue
        mapped = [where.get(i) for i in range(i1, i2)]
        if any(m is None for m in mapped) or mapped != list(range(mapped[0], mapped[0] + len(mapped))):
            raise AnswerError("a changed line sits in a part of the profile laid out by hand; edit it by hand")
        at = mapped[0] + shift
        out[at:at + len(mapped)] = edited[j1:j2]
        shift += (j2 - j1) - len(mapped)
    return "".join(out)


def check_text(text: str, name: str) -> None:
    """The edited text still loads as a valid profile (else nothing is written)."""
    from .loader import load_profile_text

    try:
        load_profile_text(text, name)
    except InputError as exc:
        raise InputError(f"{name}: the answer would make the profile invalid; nothing was written",
                         list(exc.problems) or [Problem(name, None, None, "", str(exc))]) from None
