"""Located problems and the base of every error csaudit reports.

The CLI turns each error into one clear message and an exit code.

Every error that stems from a file carries the problems found in it, each with
a location, so a user can fix all of them in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .printable import printable


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, at one place."""

    file: str
    line: int | None
    column: int | None
    key: str
    message: str

    def render(self) -> str:
        """``file:line:column: key.path: message`` on one line, every part safe to print."""
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {printable(self.key)}:" if self.key else ""
        return f"{where}:{key} {printable(self.message)}"


class CsauditError(Exception):
    """Base of every error csaudit reports to a user."""

    exit_code = 2

    def render(self) -> str:
        return str(self)


@dataclass
class InputError(CsauditError):
    """A profile, test case or other user input is invalid (exit 2)."""

    summary: str
    problems: list[Problem] = field(default_factory=list)
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def render(self) -> str:
        """The summary and each problem on its own line; past the limit, a count of the rest (a file broken
        ten thousand times over is fixed from its first problems, not read in full on a terminal)."""
        from .limits import PROBLEMS_SHOWN

        shown = PROBLEMS_SHOWN.value
        lines = [printable(self.summary)] + [f"  {p.render()}" for p in self.problems[:shown]]
        if len(self.problems) > shown:
            lines.append(f"  ... and {len(self.problems) - shown:,} more problem(s) not listed "
                         f"({PROBLEMS_SHOWN.explain()})")
        return "\n".join(lines)


class ProfileError(InputError):
    """The organisation profile cannot be read or does not fit the schema."""


class UsageError(InputError):
    """A command-line argument is wrong in a way click cannot see."""
