"""The limits on what csaudit reads, stated once (docs/robustness.md lists them with their reasons).

Every file csaudit reads (profile, waivers, rules, named conditions, rule tests, clause
catalogues) comes through :mod:`.reader`, which enforces these before anything else sees the
data, so a hostile or broken file gets a located answer in bounded time. A limit that a
legitimate file could reach can be raised with an environment variable; the others protect
the process itself (Python's stack, the matching engine) and are fixed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One bound: what it counts, its default, and the environment variable that raises it (if any)."""

    what: str
    default: int
    unit: str
    env: str | None = None

    @property
    def value(self) -> int:
        """The bound in force: the default, or a larger or smaller whole number from ``env``."""
        if not self.env:
            return self.default
        raw = os.environ.get(self.env, "").strip().replace("_", "")
        if not raw:
            return self.default
        if not raw.isdigit() or int(raw) < 1:
            from .problems import UsageError

            raise UsageError(f"{self.env}={os.environ[self.env]!r}: expected a whole number of {self.unit} "
                             f"(the {self.what} limit; default {self.default:,})")
        return int(raw)

    def explain(self) -> str:
        """'limit: 4,194,304 bytes per file; raise it with CSAUDIT_MAX_FILE_BYTES=N' (for messages)."""
        text = f"limit: {self.value:,} {self.unit}"
        return text + (f"; raise it with {self.env}=N" if self.env else "")


FILE_BYTES = Limit("file size", 4 * 2**20, "bytes per file", "CSAUDIT_MAX_FILE_BYTES")
YAML_NODES = Limit("document size", 200_000, "values per document", "CSAUDIT_MAX_YAML_NODES")
ITEMS = Limit("list size", 10_000, "items per list or keys per mapping", "CSAUDIT_MAX_LIST_ITEMS")
DEPTH = Limit("nesting depth", 64, "levels of nesting")
SCALAR_CHARS = Limit("value length", 65_536, "characters per value")
KEY_CHARS = Limit("key length", 200, "characters per key")
DB_WAIT_SECONDS = Limit("database wait", 30, "seconds waiting for a locked audit database", "CSAUDIT_DB_TIMEOUT")
ARG_CHARS = Limit("argument length", 200, "characters per --cycle, --run-by or --org value")
PROBLEMS_SHOWN = Limit("problems shown", 200, "problems listed per error", "CSAUDIT_MAX_PROBLEMS")

ALL = (FILE_BYTES, YAML_NODES, ITEMS, DEPTH, SCALAR_CHARS, KEY_CHARS, DB_WAIT_SECONDS, ARG_CHARS, PROBLEMS_SHOWN)
