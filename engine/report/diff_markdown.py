"""A diff as Markdown, for audit reports and pull-request comments."""

from __future__ import annotations

from ..audit.diff import KINDS, RunDiff, describe
from .diff_table import TITLES, heading, summary_line
from .escape import md_cell as cell
from .escape import md_inline


def render_diff_markdown(diff: RunDiff, show_persisting: bool = False) -> str:
    out = [f"# {md_inline(heading(diff))}", "", summary_line(diff), ""]
    for kind in KINDS:
        group = diff.of(kind)
        if not group or (kind == "persisting" and not show_persisting):
            continue
        out += [f"## {TITLES[kind]} ({len(group)})", "", "| Rule | Subject | Was | Now | Why |",
                "| --- | --- | --- | --- | --- |"]
        for e in group:
            why = "\n".join(line for c in e.causes for line in c.lines())
            out.append(f"| `{e.rule_id}` | {cell(e.subject.name)} | {describe(e.old)} | {describe(e.new)} | "
                       f"{cell(why)} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
