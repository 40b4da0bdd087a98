"""Read YAML while remembering where every key and item came from.

Error messages and findings both cite a line of the user's file, so the loader
keeps a map from key path to (line, column) beside the plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import InputError, Problem

KeyPath = tuple[Any, ...]


@dataclass(frozen=True)
class Located:
    """Plain data parsed from YAML plus the position of each key path."""

    data: Any
    positions: dict[KeyPath, tuple[int, int]]
    file: str

    def position(self, path: KeyPath) -> tuple[int | None, int | None]:
        """Position of the deepest known prefix of ``path``."""
        for cut in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:cut]))
            if pos is not None:
                return pos
        return None, None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~10x faster
    """A safe loader: never constructs arbitrary Python objects."""


def _walk(loader: _Loader, node: yaml.Node, path: KeyPath, positions: dict, file: str) -> Any:
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise InputError(
                    f"{file}: invalid YAML",
                    [Problem(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, "",
                             "a mapping key must be a plain value")],
                )
            if key in result:
                raise InputError(
                    f"{file}: invalid YAML",
                    [Problem(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                             ".".join(map(str, path + (key,))), "duplicate key: each key may appear once")],
                )
            result[key] = _walk(loader, value_node, path + (key,), positions, file)
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, path + (i,), positions, file) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # e.g. 2026-13-01 looks like a date but is not one: keep the text so the schema
        # check reports it at its key with what was expected.
        return node.value


def parse_yaml(text: str, file: str) -> Located:
    """Parse one YAML document, raising :class:`InputError` with a location on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        positions: dict[KeyPath, tuple[int, int]] = {}
        data = None if node is None else _walk(loader, node, (), positions, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise InputError(f"{file}: invalid YAML", [Problem(file, line, col, "", str(exc.problem or exc))]) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{file}: invalid YAML", [Problem(file, None, None, "", str(exc))]) from None
    finally:
        loader.dispose()
    return Located(data, positions, file)


def read_yaml(path: str | Path) -> Located:
    """Read and parse a YAML file; a missing or unreadable file is an :class:`InputError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, expected a YAML file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot be read ({exc})") from None
    return parse_yaml(text, str(p))
