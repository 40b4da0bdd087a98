"""The engine's domain errors: the rule library, waiver files and the audit store (exit 3).

Input errors about profiles and usage live beside the located problems they carry,
in :mod:`csaudit.facts.located.problems`.
"""

from __future__ import annotations

from ..facts.located.problems import CsauditError, InputError


class LibraryError(InputError):
    """The rule library is invalid (exit 3)."""

    exit_code = 3


class WaiverError(InputError):
    """A waiver file is invalid, or waives what cannot be waived (exit 3)."""

    exit_code = 3


class StoreError(CsauditError):
    """The audit database cannot be used (exit 3)."""

    exit_code = 3
