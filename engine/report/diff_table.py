"""The terminal view of a diff: what is new, what changed and what was resolved, each with why."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..audit.diff import KINDS, RunDiff, describe
from .terminal import group_table

TITLES = {"new": "New", "changed": "Changed", "resolved": "Resolved", "persisting": "Persisting"}
_STYLE = {"new": "bold red", "changed": "yellow", "resolved": "green", "persisting": "dim"}
_COLUMNS = (("Rule", 3, "fold"), ("Was", 2, "fold"), ("Now", 2, "fold"), ("Why", 5, "fold"))


def heading(diff: RunDiff) -> str:
    a, b = diff.old, diff.new
    return (f"{b.organisation}: cycle {a.cycle} (run {a.id}, as of {a.evaluated_as_of}) → "
            f"cycle {b.cycle} (run {b.id}, as of {b.evaluated_as_of})")


def summary_line(diff: RunDiff) -> str:
    c = diff.counts()
    return (f"{c['new']} new, {c['changed']} changed, {c['resolved']} resolved, {c['persisting']} persisting; "
            f"{c['new_gaps']} new gap(s)")


def render_diff_table(diff: RunDiff, console: Console, show_persisting: bool = False) -> None:
    console.print(Text(heading(diff), style="bold"), soft_wrap=True)
    for kind in KINDS:
        group = diff.of(kind)
        if not group or (kind == "persisting" and not show_persisting):
            continue
        table = group_table(TITLES[kind], len(group), _STYLE[kind], _COLUMNS)
        for e in group:
            why = "\n".join(line for c in e.causes for line in c.lines())
            rule = Text(e.rule_id, style="bold")
            if e.subject.kind != "organisation":
                rule.append(f"\n{e.subject.kind}: {e.subject.name}", style="dim")
            table.add_row(rule, describe(e.old), describe(e.new), Text(why))
        console.print(table)
    console.print(Text(summary_line(diff), style="bold"), soft_wrap=True)
