"""The terminal view of an organisation's trend across audit cycles."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..audit.trend import Trend
from .escape import visible
from .terminal import break_at_hyphens, fits

COLUMNS = ("Cycle", "As of", "Run", "Open", "Duty", "Should", "Good", "High", "Med", "Low", "Waived", "Unknown")
CAPTION = ("Open: gaps without a waiver, by strength (legal duty, should, good practice) and by risk "
           "(high, medium, low).")
STREAK_COLUMNS = ("Rule", "Subject", "Strength", "Risk", "Cycles open", "Open since")


def cycle_rows(trend: Trend) -> list[list[str]]:
    return [[p.run.cycle, p.run.evaluated_as_of, str(p.run.id), str(p.open_gaps),
             *(str(v) for v in p.by_strength.values()), *(str(v) for v in p.by_rating.values()),
             str(p.waived), str(p.unknown)] for p in trend.points]


def streak_rows(trend: Trend) -> list[list[str]]:
    return [[s.finding.rule_id, s.finding.subject.name, s.finding.strength, s.finding.risk.rating, str(s.cycles),
             f"{s.since_cycle} ({s.since_as_of})"] for s in trend.longest_open]


def render_trend_table(trend: Trend, console: Console) -> None:
    title = Text(f"{visible(trend.organisation)}: {len(trend.points)} cycle(s)", style="bold")
    rows = cycle_rows(trend)
    widths = [max([len(col)] + [len(r[i]) for r in rows]) for i, col in enumerate(COLUMNS)]
    if fits(console, *widths):
        table = Table(title=title, title_justify="left", caption=CAPTION, caption_justify="left")
        for col in COLUMNS:
            table.add_column(col, justify="left" if col in ("Cycle", "As of") else "right", no_wrap=True)
        for row in rows:
            table.add_row(*(Text(visible(v)) for v in row))
        console.print(table)
    else:   # too narrow for twelve columns: one line per cycle, wrapped between words
        console.print(title)
        for p in trend.points:
            s, r = p.by_strength, p.by_rating
            console.print(Text(
                f"{visible(p.run.cycle)} (as of {p.run.evaluated_as_of}, run {p.run.id}): {p.open_gaps} open "
                f"({s['duty']} legal duty, {s['recommendation']} should, {s['good_practice']} good practice; "
                f"{r['high']} high, {r['medium']} medium, {r['low']} low risk), {p.waived} waived, "
                f"{p.unknown} unknown"))
        console.print(Text("Open: gaps without a waiver.", style="dim"))
    if not trend.longest_open:
        console.print("No open gaps in the latest cycle.")
        return
    srows = streak_rows(trend)
    rule_width = max(len(r[0]) for r in srows)
    if fits(console, rule_width, 16, 10, 6, 6, 16):
        streaks = Table(title=Text("Open longest", style="bold red"), title_justify="left")
        for col in STREAK_COLUMNS:
            streaks.add_column(col, overflow="fold", min_width=rule_width if col == "Rule" else None)
        for row in srows:
            streaks.add_row(*(Text(visible(v)) for v in row))
        console.print(streaks)
        return
    console.print(Text("Open longest", style="bold red"))
    for rule, subject, strength, risk, cycles, since in srows:
        console.print(Text(break_at_hyphens(rule, console.width), style="bold"), no_wrap=True, crop=False)
        console.print(Text(f"  {visible(subject)}: {strength}, {risk} risk, open {cycles} cycle(s) since {since}"))
