"""The compiled library kept on disk between runs, so a cold check does not re-read 450 YAML files.

What is kept, and why it is safe to load again:

* An entry is named by a key that digests the csaudit version, the Python version and the bytes of every
  file below the rule folders (path and content). A changed rule, a new rule, another csaudit: another
  key, so the entry is rebuilt; stale entries are simply never read again.
* Entries are Python pickles of csaudit's own objects (rules as parsed, lowered IR, durable plans). A
  pickle runs code when loaded, so one is read only from a folder that belongs to the user running
  csaudit and that nobody else can write to (``0700``, checked on every read, as is the file itself):
  a pickle there was written by this user's own csaudit from the rule files named by its key. The JSON
  alternative measured slower (the rules would be validated again on every start; docs/benchmarks.md).
* A write goes to a temporary file in the same folder and is renamed into place, so two processes
  building the same entry at once each leave a whole file, and a reader sees either no entry or a whole
  one. An entry that cannot be read (truncated, damaged, from an incompatible build) is ignored and
  rebuilt; a cache that cannot be written is skipped. The cache never changes an answer.

Where: ``$CSAUDIT_CACHE_DIR`` when set (empty or ``off``: no cache), else ``$XDG_CACHE_HOME/csaudit``,
else ``~/.cache/csaudit``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

ENV = "CSAUDIT_CACHE_DIR"
FORMAT = 1  # bumped when what an entry holds changes shape
KEEP = 48   # entries kept in the folder; the least recently written beyond that are removed


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off."""
    value = os.environ.get(ENV)
    if value is not None:
        return None if value.strip() in ("", "off", "0", "none") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "csaudit"


def _version() -> str:
    from .. import __version__

    return __version__


_STAMP: list[str] = []


def code_stamp() -> str:
    """csaudit's version, this format and Python's, and the size and time of the modules that shape an entry
    (so an edited checkout rebuilds too, not only a new release)."""
    if not _STAMP:
        here = Path(__file__).resolve().parent
        parts = [f"csaudit {_version()} format {FORMAT} python {sys.version_info[:2]}"]
        for folder in (here, here.parent / "match", here.parent.parent / "facts"):
            for path in sorted(folder.glob("*.py")):
                try:
                    st = path.stat()
                except OSError:
                    continue
                parts.append(f"{path.name} {st.st_size} {st.st_mtime_ns}")
        _STAMP.append(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16])
    return _STAMP[0]


def versioned(key: str) -> str:
    """``key`` tied to this build of csaudit."""
    return hashlib.sha256(f"{code_stamp()} {key}".encode()).hexdigest()[:32]


def source_key(roots: tuple[Path, ...] | list[Path]) -> str:
    """Digest of csaudit's build (``code_stamp``) and every file below ``roots`` (relative path and bytes)."""
    h = hashlib.sha256(f"{code_stamp()}\n".encode())
    for root in roots:
        root = Path(root)
        top = str(root.resolve())
        h.update(f"root {top}\n".encode())
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            rel = dirpath[len(top):]
            for name in sorted(filenames):
                if not name.endswith((".yaml", ".yml")):
                    continue
                try:
                    with open(f"{dirpath}/{name}", "rb") as fh:
                        data = fh.read()
                except OSError:
                    data = b"\0unreadable"
                h.update(f"{rel}/{name}\0{len(data)}\0".encode())
                h.update(data)
    return h.hexdigest()[:32]


def _safe_dir(path: Path, create: bool) -> bool:
    """True when ``path`` is a folder of this user that nobody else can write to (created so if asked)."""
    try:
        if create:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _entry(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{kind}-{key}.pickle"


def load(kind: str, key: str) -> Any | None:
    """The entry ``kind``/``key``, or None when there is none or it cannot be trusted or read."""
    path = _entry(kind, key)
    if path is None or not _safe_dir(path.parent, create=False):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()) \
                or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            data = fh.read()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    try:
        stored_kind, stored_key, value = pickle.loads(data)
    except Exception:  # damaged, truncated or from another build: rebuilt by the caller
        return None
    if (stored_kind, stored_key) != (kind, key):
        return None
    return value


def store(kind: str, key: str, value: Any) -> bool:
    """Write the entry atomically (temporary file, then rename); False when the cache cannot be written."""
    path = _entry(kind, key)
    if path is None or not _safe_dir(path.parent, create=True):
        return False
    try:
        data = pickle.dumps((kind, key, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return False
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    _prune(path.parent)
    return True


def _prune(folder: Path) -> None:
    """Keep the ``KEEP`` most recent entries (every changed library or build leaves a new one)."""
    try:
        found = [(e.stat().st_mtime, e.path) for e in os.scandir(folder)
                 if e.name.endswith(".pickle") and e.is_file(follow_symlinks=False)]
    except OSError:
        return
    for _, old in sorted(found, reverse=True)[KEEP:]:
        try:
            os.unlink(old)
        except OSError:
            pass


class LazyLocated:
    """A rule file's positions, read from the file only when a message needs a line (rarely, once cached).

    The file's content is part of the cache key, so what it reads is what the cached rule was parsed from.
    """

    def __init__(self, path: str | Path):
        self._path = str(path)
        self._real = None

    def __reduce__(self):
        return (LazyLocated, (self._path,))

    def _load(self):
        if self._real is None:
            from ...facts.located.reader import read_yaml

            self._real = read_yaml(self._path)
        return self._real

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_path", "_real"):
            raise AttributeError(name)
        return getattr(self._load(), name)
