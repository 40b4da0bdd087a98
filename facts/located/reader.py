"""Read YAML while remembering where every key and item came from, within stated limits.

Error messages and findings both cite a line of the user's file, so the loader
keeps a map from key path to (line, column) beside the plain data.

Whatever a file holds, reading it ends quickly with data or with located problems
(:mod:`.limits` states the bounds): only regular files are opened, and no more than the
size limit is read; bytes that are not UTF-8 and characters YAML forbids are reported at
their line and column; libyaml (PyYAML's C parser) composes the node graph, and the walk
that turns nodes into data here counts every value it builds, aliases expanded, so an alias
bomb stops at the document-size limit, an alias that contains itself is refused, and nesting
stops at the depth limit. Merge keys (``<<: *base``) follow the YAML merge-key rules: keys
written in the mapping override merged ones; a key written twice is refused. Only plain
data is built (the safe constructor): no tag can construct a Python object.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import limits
from .problems import InputError, Problem

KeyPath = tuple[Any, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_MAX_INT_DIGITS = 300
_MAX_INT_BITS = 997  # 2**997 < 10**300
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
# What YAML 1.1 lets a stream hold (PyYAML's Reader.NON_PRINTABLE, inverted): found before parsing,
# so the message has a line and column rather than a character offset.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters a value may not hold even when written as an escape ("\e", "\x00"): C0 and C1 controls other
# than tab, line feed and carriage return. Nothing legitimate needs them; terminals and C code act on them.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
# A key is a name: no control character at all, line breaks included.
_CONTROL_IN_KEY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 9: "TAB", 10: "LF", 13: "CR", 27: "ESC", 127: "DEL", 0x85: "NEL",
          0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR"}


@dataclass(frozen=True)
class Located:
    """Plain data parsed from YAML plus the position of each key path."""

    data: Any
    positions: dict[KeyPath, tuple[int, int]]
    file: str
    text: str = field(default="", repr=False, compare=False)  # what was parsed (the audit store keeps a copy)

    def position(self, path: KeyPath) -> tuple[int | None, int | None]:
        """Position of the deepest known prefix of ``path``."""
        for cut in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:cut]))
            if pos is not None:
                return pos
        return None, None


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~10x faster
    """A safe loader: never constructs arbitrary Python objects."""


def char_name(char: str) -> str:
    """'U+001B (ESC)' for a message."""
    code = ord(char)
    name = _NAMES.get(code) or ("control character" if code < 0x20 or 0x7f <= code <= 0x9f else "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def _where(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of a character offset, counting every YAML line break."""
    line = 1 + sum(1 for _ in _BREAK.finditer(text, 0, offset))
    start = max((m.end() for m in _BREAK.finditer(text, 0, offset)), default=0)
    return line, offset - start + 1


def _path_text(path: KeyPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    if len(path) > 12:  # a path as deep as the nesting limit: its two ends say where it is
        return _path_text(path[:4]) + "..." + _path_text(path[-4:]).lstrip(".")
    return out


def _tag(node: yaml.Node) -> str:
    return node.tag.replace("tag:yaml.org,2002:", "!!", 1)


class _Walk:
    """Nodes to plain data, once per use of each node, within the limits."""

    def __init__(self, loader: _Loader, file: str):
        self.loader, self.file = loader, file
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.budget = limits.YAML_NODES.value
        self.max_items = limits.ITEMS.value
        self.max_depth = limits.DEPTH.value
        self.max_scalar = limits.SCALAR_CHARS.value
        self.max_key = limits.KEY_CHARS.value
        self.active: set[int] = set()   # nodes being built: meeting one again is an alias inside itself
        self.built: set[int] = set()    # nodes built before: meeting one again is an alias used again

    def fail(self, node: yaml.Node, path: KeyPath, message: str) -> InputError:
        mark = node.start_mark
        return InputError(f"{self.file}: invalid YAML",
                          [Problem(self.file, mark.line + 1, mark.column + 1, _path_text(path), message)])

    def spend(self, node: yaml.Node, path: KeyPath) -> None:
        self.budget -= 1
        if self.budget < 0:
            again = " (an alias used here repeats the anchor at line {})".format(node.start_mark.line + 1) \
                if id(node) in self.built else ""
            raise self.fail(node, path, f"the document holds more values than csaudit reads once its aliases are "
                                        f"expanded{again} ({limits.YAML_NODES.explain()})")

    def walk(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            self.spend(node, path)
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if depth >= self.max_depth:
            raise self.fail(node, path, f"nested too deeply ({limits.DEPTH.explain()})")
        ident = id(node)
        if ident in self.active:
            raise self.fail(node, path, f"an alias refers to the node that contains it (the anchor at line "
                                        f"{node.start_mark.line + 1}), so the data would never end")
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(node, path, f"the tag {_tag(node)} is not read: csaudit reads plain mappings, lists and "
                                        "values only")
        self.active.add(ident)
        try:
            if isinstance(node, yaml.SequenceNode):
                self.count(node, path, len(node.value), "a list")
                result: Any = [self.walk(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
            else:
                result = {}
                for key_node, value_node, key in self.pairs(node, path, depth):
                    result[key] = self.walk(value_node, path + (key,), depth + 1)
                    self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        finally:
            self.active.discard(ident)
        self.built.add(ident)
        return result

    def count(self, node: yaml.Node, path: KeyPath, size: int, what: str) -> None:
        if size > self.max_items:
            raise self.fail(node, path, f"{what} of {size:,} items is longer than csaudit reads "
                                        f"({limits.ITEMS.explain()})")

    def pairs(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> list[tuple[yaml.Node, yaml.Node, Any]]:
        """The mapping's (key node, value node, key), merge keys resolved: written keys first, each once."""
        written = [(k, v) for k, v in node.value if k.tag != _MERGE_TAG]
        merges = [v for k, v in node.value if k.tag == _MERGE_TAG]
        self.count(node, path, len(written), "a mapping")
        out: list[tuple[yaml.Node, yaml.Node, Any]] = []
        seen: set[Any] = set()
        for key_node, value_node in written:
            key = self.key(key_node, path)
            if key in seen:
                raise InputError(f"{self.file}: invalid YAML", [Problem(
                    self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    _path_text(path + (key,)), "duplicate key: each key may appear once")])
            seen.add(key)
            out.append((key_node, value_node, key))
        for source in merges:
            for merged in self.merge_sources(source, path):
                for key_node, value_node, key in self.pairs_of(merged, path, depth + 1):
                    self.spend(key_node, path)
                    if key not in seen:   # a key written here, or merged from an earlier source, wins
                        seen.add(key)
                        out.append((key_node, value_node, key))
        self.count(node, path, len(out), "a mapping")
        return out

    def pairs_of(self, source: yaml.MappingNode, path: KeyPath, depth: int) -> list[tuple[yaml.Node, yaml.Node, Any]]:
        ident = id(source)
        if ident in self.active:
            raise self.fail(source, path, "a merge key merges a mapping into itself")
        if depth >= self.max_depth:
            raise self.fail(source, path, f"merge keys nested too deeply ({limits.DEPTH.explain()})")
        if source.tag not in _PLAIN_TAGS:
            raise self.fail(source, path, f"the tag {_tag(source)} is not read: csaudit reads plain mappings, lists "
                                          "and values only")
        self.active.add(ident)
        try:
            return self.pairs(source, path, depth)
        finally:
            self.active.discard(ident)

    def merge_sources(self, source: yaml.Node, path: KeyPath) -> list[yaml.MappingNode]:
        if isinstance(source, yaml.MappingNode):
            return [source]
        if isinstance(source, yaml.SequenceNode) and all(isinstance(s, yaml.MappingNode) for s in source.value):
            self.count(source, path, len(source.value), "a list")
            return list(source.value)
        raise self.fail(source, path, "a merge key (<<) takes a mapping or a list of mappings")

    def key(self, node: yaml.Node, path: KeyPath) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, path, "a mapping key must be a plain value")
        if len(node.value) > self.max_key:
            raise self.fail(node, path, f"a key of {len(node.value):,} characters is longer than csaudit reads "
                                        f"({limits.KEY_CHARS.explain()})")
        bad = _CONTROL_IN_KEY.search(node.value)
        if bad:
            raise self.fail(node, path, f"a key cannot hold {char_name(bad.group())}: a key is a name on one line")
        return self.scalar(node, path)

    def scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        text = node.value
        if len(text) > self.max_scalar:
            raise self.fail(node, path, f"a value of {len(text):,} characters is longer than csaudit reads "
                                        f"({limits.SCALAR_CHARS.explain()})")
        bad = _CONTROL_IN_VALUE.search(text)
        if bad:
            raise self.fail(node, path, f"a value cannot hold {char_name(bad.group())}: control characters are "
                                        "not text (write the value without it)")
        if node.tag == _STR_TAG:  # most values: the constructor would return the text as it is
            return text
        if node.tag == "tag:yaml.org,2002:int" and len(text) > 2 * _MAX_INT_DIGITS:  # not worth converting
            raise self.fail(node, path, f"a whole number of more than {_MAX_INT_DIGITS} digits is not read")
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            raise self.fail(node, path, f"the tag {_tag(node)} is not read: a value is text, a number, a date or "
                                        "true/false") from None
        except (ValueError, OverflowError):
            # e.g. 2026-13-01 looks like a date but is not one: keep the text so the schema
            # check reports it at its key with what was expected.
            return text
        if isinstance(value, bytes):  # !!binary: bytes that no check above has seen
            raise self.fail(node, path, f"the tag {_tag(node)} is not read: a value is text, a number, a date or "
                                        "true/false")
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:  # 1:2:3... (base 60) grows without end
            raise self.fail(node, path, f"a whole number of more than {_MAX_INT_DIGITS} digits is not read")
        return value


def _check_text(text: str, file: str) -> None:
    bad = _NOT_YAML.search(text)
    if bad:
        line, col = _where(text, bad.start())
        raise InputError(f"{file}: invalid YAML", [Problem(
            file, line, col, "", f"{char_name(bad.group())} cannot appear in a YAML file; remove it")])


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> str:
    """libyaml's message in one line, with what it was reading and where that started."""
    problem, context, mark = str(exc.problem or exc), exc.context, exc.context_mark
    if problem == "found undefined alias" and exc.problem_mark is not None:
        at = exc.problem_mark
        lines = text.splitlines()
        found = re.match(r"\*([^\s,\[\]{}]+)", lines[at.line][at.column:]) if at.line < len(lines) else None
        if found:
            name = found.group(1)
            return f"alias *{name} names no anchor (an anchor &{name} must be written before the alias)"
    at = exc.problem_mark
    lines = text.splitlines() if at is not None else []
    if at is not None and at.line < len(lines) and lines[at.line][at.column:at.column + 1] == "\t":
        return "a tab cannot indent YAML or separate its parts here; use spaces"
    if context and "first occurrence" in context and mark is not None:
        return f"{context.split(';')[0]}: an anchor may be defined once (the first is at line {mark.line + 1})"
    if context and problem.startswith("but "):
        return f"{context}, {problem}"
    if context and mark is not None:
        return f"{problem} ({context} from line {mark.line + 1})".replace("\n", " ")
    return problem.replace("\n", " ")


def parse_yaml(text: str, file: str) -> Located:
    """Parse one YAML document, raising :class:`InputError` with a location on bad syntax or a limit passed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > limits.FILE_BYTES.value:
        raise InputError(f"{file}: larger than csaudit reads ({limits.FILE_BYTES.explain()})")
    _check_text(text, file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        walk = _Walk(loader, file)
        data = None if node is None else walk.walk(node, (), 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise InputError(f"{file}: invalid YAML", [Problem(file, line, col, "", _syntax_message(exc, text))]) from None
    except yaml.YAMLError as exc:
        raise InputError(f"{file}: invalid YAML", [Problem(file, None, None, "", str(exc).replace("\n", " "))]) from None
    finally:
        loader.dispose()
    return Located(data, walk.positions if node is not None else {}, file, text)


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: str | Path, what: str = "a YAML file") -> bytes:
    """The bytes of a regular file, at most the file-size limit; anything else is an :class:`InputError`.

    A named pipe, device or socket is refused before it is read, so csaudit can never wait on a
    writer or read without end (``/dev/zero``).
    """
    p = Path(path)
    try:
        info = os.stat(p)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{p}: is a directory, expected {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{p}: is {_not_regular(info.st_mode)}; csaudit reads {what} only from a regular file")
    cap = limits.FILE_BYTES.value
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the two looks
            raise InputError(f"{p}: is not a regular file; csaudit reads {what} only from a regular file")
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(fd, min(1 << 20, cap + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if size > cap:
        raise InputError(f"{p}: is {max(info.st_size, size):,} bytes, larger than csaudit reads "
                         f"({limits.FILE_BYTES.explain()})")
    return b"".join(chunks)


def decode(data: bytes, file: str) -> str:
    """UTF-8 text; other bytes are a located problem that says what the file seems to be."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{file}: not UTF-8", [Problem(file, 1, 1, "", "the file is UTF-16 (it starts with a "
                                                                         "UTF-16 byte order mark); save it as UTF-8")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        byte = data[start]
        hint = "save it as UTF-8"
        if byte >= 0x80:
            try:
                data[line_start:data.find(b"\n", start) if b"\n" in data[start:] else len(data)].decode("cp1252")
                hint = "it looks like Latin-1 or Windows-1252 text; save it as UTF-8"
            except UnicodeDecodeError:
                pass
        raise InputError(f"{file}: not UTF-8", [Problem(file, line, column, "",
                                                        f"byte 0x{byte:02x} is not UTF-8 text; {hint}")]) from None


def read_yaml(path: str | Path) -> Located:
    """Read and parse a YAML file; a missing, unreadable, oversized or non-regular file is an :class:`InputError`."""
    p = Path(path)
    return parse_yaml(decode(read_bytes(p), str(p)), str(p))
