"""The terminal report: findings grouped by status, gaps first, legal duties before recommendations."""

from __future__ import annotations

from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Report
from .escape import visible

_STATUS_STYLE = {"gap": "bold red", "waived": "magenta", "unknown": "yellow", "met": "green", "not_applicable": "dim"}
_STATUS_TITLE = {"gap": "Gaps", "waived": "Waived gaps: justified deviations", "unknown": "Unknown: facts needed",
                 "met": "Met", "not_applicable": "Not applicable"}
_GROUPS = ("gap", "waived", "unknown", "met", "not_applicable")
_RISK_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}
_STRENGTH = {"duty": "legal duty", "recommendation": "should", "good_practice": "good practice"}


def group_table(title: str, count: int, style: str, columns: tuple[tuple[str, int, str], ...],
                show_lines: bool = True) -> Table:
    """A titled table for one group of findings; columns are (name, width ratio, overflow)."""
    table = Table(title=Text(f"{title} ({count})", style=style), title_justify="left", show_lines=show_lines,
                  expand=True)
    for name, ratio, overflow in columns:
        table.add_column(name, ratio=ratio, overflow=overflow)
    return table


def _group(f: Finding) -> str:
    """Waived findings get their own group; everything else stays under its status."""
    return "waived" if f.waiver is not None else f.status


def summary_line(report: Report) -> str:
    s = report.summary
    duty_gaps = sum(1 for f in report.findings if f.open_gap and f.strength == "duty")
    waived = f", {s.waived} waived" if s.waived else ""
    manual = f", {s.manual} manual" if s.manual else ""
    return (f"{report.profile.name}: {s.gap} gap(s) ({duty_gaps} legal{waived}), {s.unknown} unknown, {s.met} met, "
            f"{s.not_applicable} not applicable{manual} — {report.library.rules} rules, law as of "
            f"{report.evaluated_as_of}, {report.engine} engine")


DETAILED = ("gap", "unknown")  # shown row by row unless --status asks for others
_TITLES = {**_STATUS_TITLE, "manual": "Manual: questions for the auditor"}
_STYLES = {**_STATUS_STYLE, "manual": "cyan"}
_ORDER = ("gap", "waived", "unknown", "manual", "met", "not_applicable")


def _short_refs(f: Finding, short: dict[str, str]) -> str:
    return "; ".join(f"{short.get(r.document, r.document)} {r.clause}" for r in f.refs)


def break_at_hyphens(word: str, width: int) -> str:
    """A long identifier broken into lines after hyphens (never inside a part), each at most ``width``
    where the parts allow."""
    if len(word) <= width or width < 8:
        return word
    lines, line = [], ""
    for part in word.split("-"):
        piece = part if not line else "-" + part
        if line and len(line) + len(piece) + 1 > width:   # + 1: the hyphen ends the line
            lines.append(line + "-")
            line = part
        else:
            line += piece
    lines.append(line)
    return "\n".join(lines)


def fits(console: Console, *column_widths: int) -> bool:
    """Whether a bordered table of columns needing these widths fits the console (each column adds its
    padding and a border)."""
    return sum(column_widths) + 3 * len(column_widths) + 1 <= console.width


def _finding_text(f: Finding, short: dict[str, str]) -> Text:
    finding = Text(visible(f.message))
    if f.status == "gap":
        finding.append(f"\nFix: {visible(f.remediation)}", style="italic")
    if f.waiver is not None:
        w = f.waiver
        finding.append(f"\nWaived until {w.expires}, approved by {visible(w.approver)}: {visible(w.justification)}",
                       style="magenta")
    finding.append(f"\n{_short_refs(f, short)}", style="dim")
    return finding


def _weight(f: Finding) -> Text:
    weight = Text(_STRENGTH[f.strength])
    weight.append(f"\nrisk {f.risk.rating}", style=_RISK_STYLE[f.risk.rating])
    return weight


def _wide_table(title: str, style: str, group: list[Finding], short: dict[str, str], rule_width: int | None
                ) -> Table:
    """The table: Rule and Finding share the width 2:5 (the layout csaudit always had) when that leaves the
    rule ids whole; else the Rule column is as wide as the longest id (``rule_width``)."""
    table = Table(title=Text(title, style=style), title_justify="left", show_lines=True, expand=True)
    if rule_width is None:
        table.add_column("Rule", ratio=2, overflow="fold")
        table.add_column("Finding", ratio=5, overflow="fold")
    else:
        table.add_column("Rule", width=rule_width, overflow="fold")
        table.add_column("Finding", ratio=1, overflow="fold")
    table.add_column("Weight", width=14, no_wrap=True)
    for f in group:
        rule = Text(f.rule_id, style="bold")
        if f.subject.kind != "organisation":
            rule.append(f"\n{f.subject.kind}: {visible(f.subject.name)}", style="dim")
        table.add_row(rule, _finding_text(f, short), _weight(f))
    return table


def _stacked(console: Console, title: str, style: str, group: list[Finding], short: dict[str, str]) -> None:
    """One block per finding: the rule id and its weight on top, the finding indented below. Used when the
    table would have to split rule ids (80 columns, or output to a pipe)."""
    width = console.width
    blocks: list = [Text(title, style=style)]   # printed at once: rich's cost is mostly per print
    for f in group:
        blocks.append(Rule(style="dim"))
        weight = f"{_STRENGTH[f.strength]}, risk {f.risk.rating}"
        head = Text(f.rule_id, style="bold", no_wrap=True, overflow="ignore")
        if len(f.rule_id) + 2 + len(weight) <= width:
            head.append(" " * (width - len(f.rule_id) - len(weight)))
            head.append(_STRENGTH[f.strength] + ", ")
            head.append(f"risk {f.risk.rating}", style=_RISK_STYLE[f.risk.rating])
        else:
            head = Text(break_at_hyphens(f.rule_id, width), style="bold", no_wrap=True, overflow="ignore")
            head.append(f"\n{_STRENGTH[f.strength]}, ")
            head.append(f"risk {f.risk.rating}", style=_RISK_STYLE[f.risk.rating])
        blocks.append(head)
        body = Table.grid(padding=(0, 0, 0, 2), pad_edge=True)
        body.add_column(overflow="fold")
        if f.subject.kind != "organisation":
            body.add_row(Text(f"{f.subject.kind}: {visible(f.subject.name)}", style="dim"))
        body.add_row(_finding_text(f, short))
        blocks.append(body)
    blocks.append(Rule(style="dim"))
    console.print(Group(*blocks), crop=False)


def render_terminal(report: Report, console: Console, statuses: tuple[str, ...] = (),
                    short_names: dict[str, str] | None = None) -> None:
    """Gaps first (legal duties before recommendations), then unknowns; other groups as counts
    unless ``statuses`` asks for them."""
    short = short_names or {}
    detailed = statuses or DETAILED
    for status in _ORDER:
        group = [f for f in report.findings if _group(f) == status]
        if not group:
            continue
        # --status gap shows waived gaps too: they are gaps, with a justification.
        if {"waived": "gap"}.get(status, status) not in detailed:
            console.print(Text(f"{_TITLES[status]}: {len(group)} (show with --status {status})",
                               style=_STYLES[status]), soft_wrap=True)
            continue
        title = f"{_TITLES[status]} ({len(group)})"
        rule_width = max(len(f.rule_id) for f in group)
        shared = (console.width - 14 - 10) * 2 // 7      # the Rule column's share in the 2:5 layout
        if shared >= rule_width + 1:
            console.print(_wide_table(title, _STYLES[status], group, short, None))
        elif fits(console, rule_width, 40, 14):
            console.print(_wide_table(title, _STYLES[status], group, short, rule_width))
        else:
            _stacked(console, title, _STYLES[status], group, short)
    console.print(Text(visible(summary_line(report)), style="bold"))  # wrapped between words, not by the terminal
