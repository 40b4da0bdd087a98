"""An organisation's trend as Markdown tables."""

from __future__ import annotations

from ..audit.trend import Trend
from .diff_markdown import cell
from .escape import md_inline
from .trend_table import CAPTION, COLUMNS, STREAK_COLUMNS, cycle_rows, streak_rows


def _table(columns: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return (["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
            + ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows])


def render_trend_markdown(trend: Trend) -> str:
    out = [f"# {md_inline(trend.organisation)}: {len(trend.points)} cycle(s)", ""] + _table(COLUMNS, cycle_rows(trend))
    out += ["", CAPTION]
    out += ["", "## Open longest", ""]
    out += _table(STREAK_COLUMNS, streak_rows(trend)) if trend.longest_open else ["No open gaps in the latest cycle."]
    return "\n".join(out) + "\n"
