"""The matching backends behind one small interface, chosen by name.

A backend prepares a compiled library once and then evaluates flattened
profiles against it, returning three-valued outcomes. A third backend goes in
this folder and is registered in :func:`get_backend`.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

from ...facts.flatten import FlatProfile
from ...facts.located.problems import UsageError
from ..library.loader import CompiledLibrary
from .results import RawResults

ENGINES = ("durable", "python")


class Backend(Protocol):
    name: str

    def prepare(self, library: CompiledLibrary) -> Any: ...

    def evaluate(self, prepared: Any, flat: FlatProfile) -> RawResults: ...


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def get_backend(name: str, *, warn=_stderr) -> Backend:
    """The backend called ``name``; durable falls back to python, with one line saying so.

    ``warn`` receives that line: here when the C module cannot be loaded at all, and from
    the durable backend for each profile it hands to the python engine (see durable.py).
    """
    if name == "python":
        from .python import PythonBackend

        return PythonBackend()
    if name == "durable":
        try:
            from .durable import DurableBackend
        except Exception as exc:  # ImportError, or a C module that fails while loading
            warn(f"csaudit: durable-rules is not available ({type(exc).__name__}: {exc}); using the python engine")
            from .python import PythonBackend

            return PythonBackend()
        return DurableBackend(warn=warn)
    raise UsageError(f"unknown engine '{name}': expected one of {', '.join(ENGINES)}")


