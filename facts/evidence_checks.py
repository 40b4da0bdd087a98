"""Evidence records must point at something: a ``covers`` path that names nothing would support no finding,
silently. Checked on the raw data with the schema problems, each with its line and a "did you mean"."""

from __future__ import annotations

import re
from typing import Any

from .catalogue import COLLECTIONS, catalogue
from .glossary import fact_path
from .located.problems import Problem
from .located.reader import Located
from .located.validation import allowed_keys, dotted, suggest
from .profile import Profile

_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)(?:\[([^\]]*)\])?")
# The attribute that identifies an item of each list a path may index by key.
_ITEM_KEYS = {tuple(c.path): c.key for c in COLLECTIONS.values()} | {("policies", "returns"): "id",
                                                                     ("evidence",): "id"}


def split_path(path: str) -> list[tuple[str, str | None]] | None:
    """'policies.returns[online].window_days' -> [('policies', None), ('returns', 'online'), ('window_days', None)]."""
    out: list[tuple[str, str | None]] = []
    for part in path.split("."):
        m = _SEGMENT.fullmatch(part)
        if m is None:
            return None
        out.append((m.group(1), m.group(2)))
    return out


def path_problem(data: dict[str, Any], path: str) -> str | None:
    """Why ``path`` names nothing in the profile (None when it names a stated part, or a fact the schema
    allows at a stated part). Answers are keyed by question id: 'answers.QUESTION'."""
    parts = split_path(path)
    if not parts:
        return f"'{path}' is not a profile path; write it like 'policies.returns[online-returns]' or 'channels[helpline]'"
    node: Any = data
    trail: tuple[Any, ...] = ()
    names: tuple[str, ...] = ()
    done: list[str] = []
    for name, key in parts:
        if names == ("answers",):
            answers = node if isinstance(node, dict) else {}
            return None if name in answers else f"no answer to '{name}' is given{suggest(name, list(answers))}"
        if not isinstance(node, dict) or name not in node:
            allowed = allowed_keys(Profile, trail)
            derived = catalogue().get(fact_path(".".join(done + [name])))
            if name in allowed or derived is not None or (not trail and name == "answers"):
                return None  # a fact the profile does not state yet: still a fact the record may cover
            where = dotted(trail) or "the top of the profile"
            return f"'{name}' is not a part of {where}{suggest(name, allowed)}"
        node = node[name]
        trail += (name,)
        names += (name,)
        done.append(name if key is None else f"{name}[{key}]")
        if key is None:
            continue
        attr = _ITEM_KEYS.get(names)
        if attr is None or not isinstance(node, list):
            return f"'{dotted(trail)}' is not a list of items with ids"
        ids = [item.get(attr) for item in node if isinstance(item, dict)]
        if key not in ids:
            return f"no item of {dotted(trail)} has id '{key}'{suggest(key, [str(i) for i in ids])}"
        index = ids.index(key)
        node = node[index]
        trail += (index,)
    return None


def evidence_problems(data: dict[str, Any], located: Located) -> list[Problem]:
    """Duplicate record ids, and ``covers`` paths that name nothing in the profile."""
    records = data.get("evidence")
    if not isinstance(records, list):
        return []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            continue
        rid = record.get("id")
        if isinstance(rid, str):
            if rid in seen:
                line, col = located.position(("evidence", i, "id"))
                problems.append(Problem(located.file, line, col, f"evidence[{i}].id", f"duplicate evidence id '{rid}'"))
            seen.add(rid)
        covers = record.get("covers")
        for path in covers if isinstance(covers, list) else ():
            why = path_problem(data, path) if isinstance(path, str) else None
            if why:
                line, col = located.position(("evidence", i, "covers"))
                problems.append(Problem(located.file, line, col, f"evidence[{i}].covers",
                                        f"covers nothing: {why}"))
    return problems
