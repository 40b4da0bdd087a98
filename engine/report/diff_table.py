"""The terminal view of a diff: what is new, what changed and what was resolved, each with why."""

from __future__ import annotations

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..audit.diff import KINDS, RunDiff, describe
from .escape import visible
from .terminal import break_at_hyphens, fits, group_table

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
    console.print(Text(visible(heading(diff)), style="bold"))
    for kind in KINDS:
        group = diff.of(kind)
        if not group or (kind == "persisting" and not show_persisting):
            continue
        rule_width = max(len(e.rule_id) for e in group)
        wide = fits(console, rule_width, 16, 16, 30)
        if not wide:
            _stacked(console, kind, group)
            continue
        table = group_table(TITLES[kind], len(group), _STYLE[kind], _COLUMNS)
        table.columns[0].width = rule_width
        for e in group:
            why = "\n".join(line for c in e.causes for line in c.lines())
            rule = Text(e.rule_id, style="bold")
            if e.subject.kind != "organisation":
                rule.append(f"\n{e.subject.kind}: {visible(e.subject.name)}", style="dim")
            table.add_row(rule, describe(e.old), describe(e.new), Text(visible(why)))
        console.print(table)
    console.print(Text(summary_line(diff), style="bold"))


def _stacked(console: Console, kind: str, group) -> None:
    """One block per entry when the table would split rule ids (80 columns, or a pipe)."""
    console.print(Text(f"{TITLES[kind]} ({len(group)})", style=_STYLE[kind]))
    for e in group:
        console.print(Rule(style="dim"))
        console.print(Text(break_at_hyphens(e.rule_id, console.width), style="bold"), no_wrap=True, crop=False)
        body = Table.grid(padding=(0, 0, 0, 2), pad_edge=True)
        body.add_column()
        if e.subject.kind != "organisation":
            body.add_row(Text(f"{e.subject.kind}: {visible(e.subject.name)}", style="dim"))
        body.add_row(Text(f"was {describe(e.old)}; now {describe(e.new)}"))
        for c in e.causes:
            for line in c.lines():
                body.add_row(Text(visible(line)))
        console.print(body)
    console.print(Rule(style="dim"))
