"""Profiles that build on others: ``extends:`` names base profiles whose facts a profile starts from.

A branch profile says ``extends: ../acme.yaml`` (or a list, applied in order: each later base over the
earlier ones, the profile itself last) and states only what differs. How values combine:

* a mapping merges key by key, recursively; a key the profile states replaces the inherited value, and
  ``key: null`` says the fact is not known here even though a base states it;
* a list whose items are all mappings with an ``id`` (channels, roles, offerings, returns routes,
  statements, evidence ...) merges by id: an item with an inherited id is merged into that item, key by
  key, where it stood; an item with a new id is added after the inherited ones; ``{id: X, remove: true}``
  drops the inherited item X;
* any other list (ids, names, days), and any scalar, is replaced whole.

Paths are read relative to the file that names them. Every base is read like a profile (regular files
only, within the reader's limits); a chain of ``extends:`` may be ``MAX_DEPTH`` deep and name
``MAX_FILES`` files in all; a profile that extends itself, directly or through others, is an error. Every
fact keeps the file, line and column it was written at, so a problem is reported in the file that holds it.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from .located.limits import Limit
from .located.problems import InputError, Problem, ProfileError
from .located.reader import KeyPath, Located, read_yaml
from .located.validation import dotted

MAX_DEPTH = Limit("extends depth", 8, "profiles in one chain of extends:")
MAX_FILES = Limit("extends files", 32, "files named through extends:", "CSAUDIT_MAX_EXTENDS_FILES")
KEY = "extends"


@dataclasses.dataclass
class _Tree:
    """Data with the position and file of each key path."""

    data: Any
    positions: dict[KeyPath, tuple[int, int]]
    origins: dict[KeyPath, str]
    file: str

    def origin(self, path: KeyPath) -> str:
        return self.origins.get(path, self.file)


class Origins:
    """Which file each key path of a merged profile came from; moves a problem to the file that holds it."""

    def __init__(self, tree: _Tree | None):
        self.tree = tree

    def relocate(self, exc: InputError) -> InputError:
        if self.tree is None or not exc.problems:
            return exc
        by_key = {dotted(path): file for path, file in self.tree.origins.items()}
        moved = []
        for p in exc.problems:
            key = p.key
            while key and key not in by_key:
                cut = max(key.rfind("."), key.rfind("["))
                key = key[:cut] if cut > 0 else ""
            file = by_key.get(key, p.file) if key else p.file
            moved.append(dataclasses.replace(p, file=file))
        return type(exc)(exc.summary, moved)


def read_profile(path: str | Path) -> tuple[Located, Origins]:
    """The profile at ``path`` with its ``extends:`` resolved (a profile without one is read as it is)."""
    located = read_yaml(path)
    if not (isinstance(located.data, dict) and KEY in located.data):
        return located, Origins(None)
    files: set[str] = {os.path.realpath(path)}
    tree = _resolve(located, [os.path.realpath(path)], files)
    import yaml

    text = yaml.safe_dump(tree.data, sort_keys=False, allow_unicode=True)  # what was checked, bases included
    return Located(tree.data, tree.positions, located.file, text), Origins(tree)


def _error(located: Located, key: KeyPath, message: str, more: list[Problem] | None = None) -> ProfileError:
    line, col = located.position(key)
    # the problem names its key (extends) itself, so its message does not say it again
    return ProfileError(f"{located.file}: {message}",
                        [Problem(located.file, line, col, dotted(key), message.removeprefix(f"{KEY}: "))]
                        + list(more or ()))


def _names(located: Located) -> list[tuple[KeyPath, str]]:
    value = located.data[KEY]
    if isinstance(value, str) and value.strip():
        return [((KEY,), value)]
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return [((KEY, i), v) for i, v in enumerate(value)]
    raise _error(located, (KEY,), "extends: expected the path of a base profile, or a list of paths")


def _own(located: Located) -> _Tree:
    data = {k: v for k, v in located.data.items() if k != KEY}
    return _Tree(data, located.positions, {}, located.file)


def _resolve(located: Located, chain: list[str], files: set[str]) -> _Tree:
    bases: list[_Tree] = []
    for key, name in _names(located):
        target = Path(located.file).parent / name
        real = os.path.realpath(target)
        if real in chain:
            loop = " -> ".join(os.path.basename(c) for c in chain[chain.index(real):]) + f" -> {os.path.basename(real)}"
            raise _error(located, key, f"extends: {name} extends this profile again ({loop}); a profile cannot "
                                       "build on itself")
        if len(chain) >= MAX_DEPTH.value:
            raise _error(located, key, f"extends: {name} is more than {MAX_DEPTH.value} profiles deep "
                                       f"({MAX_DEPTH.explain()})")
        files.add(real)
        if len(files) > MAX_FILES.value:
            raise _error(located, key, f"extends: more than {MAX_FILES.value} files in all ({MAX_FILES.explain()})")
        try:
            base = read_yaml(target)
        except InputError as exc:
            why = "" if exc.problems else ": " + exc.summary.split(": ", 1)[-1]   # e.g. it is a named pipe
            raise _error(located, key, f"extends: cannot read base profile {name}{why}", exc.problems) from None
        if not isinstance(base.data, dict):
            raise _error(located, key, f"extends: {name} is not a profile (expected a mapping)")
        bases.append(_resolve(base, chain + [real], files) if KEY in base.data else _own(base))
    merged = bases[0]
    for later in bases[1:] + [_own(located)]:
        merged = merge(merged, later)
    return merged


def _is_id_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in value)


def merge(base: _Tree, over: _Tree) -> _Tree:
    """``over`` stated on top of ``base`` (the rules in the module docstring), positions and files kept."""
    out = _Tree(None, {}, {}, over.file)
    out.data = _merge(base.data, base, (), over.data, over, (), (), out)
    return out


def _mark(src: _Tree, sp: KeyPath, dp: KeyPath, out: _Tree) -> None:
    pos = src.positions.get(sp)
    if pos is not None:
        out.positions[dp] = pos
    out.origins[dp] = src.origin(sp)


def _copy(value: Any, src: _Tree, sp: KeyPath, dp: KeyPath, out: _Tree) -> Any:
    _mark(src, sp, dp, out)
    if isinstance(value, dict):
        return {k: _copy(v, src, sp + (k,), dp + (k,), out) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v, src, sp + (i,), dp + (i,), out) for i, v in enumerate(value)]
    return value


def _merge(b: Any, bs: _Tree, bp: KeyPath, o: Any, os_: _Tree, op: KeyPath, dp: KeyPath, out: _Tree) -> Any:
    if isinstance(b, dict) and isinstance(o, dict):
        _mark(os_, op, dp, out)
        result = {}
        for k, v in b.items():
            result[k] = (_merge(v, bs, bp + (k,), o[k], os_, op + (k,), dp + (k,), out) if k in o
                         else _copy(v, bs, bp + (k,), dp + (k,), out))
        for k, v in o.items():
            if k not in b:
                result[k] = _copy(v, os_, op + (k,), dp + (k,), out)
        return result
    if _is_id_list(b) and _is_id_list(o) and o:
        _mark(os_, op, dp, out)
        overrides = {item["id"]: (i, item) for i, item in enumerate(o)}
        result = []
        for i, item in enumerate(b):
            if item["id"] in overrides:
                j, new = overrides[item["id"]]
                if new.get("remove") is True and set(new) <= {"id", "remove"}:
                    continue
                result.append(_merge(item, bs, bp + (i,), new, os_, op + (j,), dp + (len(result),), out))
            else:
                result.append(_copy(item, bs, bp + (i,), dp + (len(result),), out))
        inherited = {item["id"] for item in b}
        for j, new in enumerate(o):
            if new["id"] not in inherited:
                result.append(_copy(new, os_, op + (j,), dp + (len(result),), out))
        return result
    return _copy(o, os_, op, dp, out)
