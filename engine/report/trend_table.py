"""The terminal view of an organisation's trend across audit cycles."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..audit.trend import Trend

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
    table = Table(title=Text(f"{trend.organisation}: {len(trend.points)} cycle(s)", style="bold"),
                  title_justify="left", caption=CAPTION, caption_justify="left")
    for col in COLUMNS:
        table.add_column(col, justify="left" if col in ("Cycle", "As of") else "right")
    for row in cycle_rows(trend):
        table.add_row(*map(Text, row))
    console.print(table)
    if not trend.longest_open:
        console.print("No open gaps in the latest cycle.")
        return
    streaks = Table(title=Text("Open longest", style="bold red"), title_justify="left")
    for col in STREAK_COLUMNS:
        streaks.add_column(col, overflow="fold")
    for row in streak_rows(trend):
        streaks.add_row(*map(Text, row))
    console.print(streaks)
