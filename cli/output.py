"""Writing a finished report in the formats people and tools read: one run, many views.

``--format F`` prints one format on standard output; ``-o [FORMAT=]FILE`` (repeatable) writes a format to
a file, the format taken from the file's extension when not named. Every renderer is imported only when
its format is asked for, so start-up stays lean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

REPORT_FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html", "junit", "sarif", "oscal")
# Longest suffix first: report.sarif.json is SARIF, report.oscal.json OSCAL, report.json JSON.
EXTENSIONS = ((".sarif.json", "sarif"), (".oscal.json", "oscal"), (".junit.xml", "junit"), (".sarif", "sarif"),
              (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"), (".csv", "csv"), (".md", "markdown"),
              (".markdown", "markdown"), (".html", "html"), (".htm", "html"), (".xml", "junit"), (".txt", "table"))
# What each format needs beyond the report: explanations of gaps and unknowns (computed from the profile).
NEEDS_EXPLANATIONS = {"markdown", "html"}


@dataclass(frozen=True)
class Output:
    fmt: str
    path: Path


def parse_output(value: str, formats: tuple[str, ...] = REPORT_FORMATS) -> Output:
    """'html=board.html' or 'board.html' -> Output; a usage error names the choices."""
    from ..facts.located.problems import UsageError

    if "=" in value and value.split("=", 1)[0] in formats:
        fmt, path = value.split("=", 1)
        if not path:
            raise UsageError(f"-o {value}: no file name after '{fmt}='")
        return Output(fmt, Path(path))
    lower = value.lower()
    for suffix, fmt in EXTENSIONS:
        if lower.endswith(suffix) and fmt in formats:
            return Output(fmt, Path(value))
    raise UsageError(f"-o {value}: cannot tell the format from the file name; write FORMAT=FILE with FORMAT one "
                     f"of {', '.join(formats)} (e.g. -o html={value})")


def output_option(formats: tuple[str, ...] = REPORT_FORMATS):
    def decorate(f):
        return click.option(
            "-o", "--output", "outputs", multiple=True, metavar="[FORMAT=]FILE",
            help=f"Also write FORMAT to FILE (repeatable; FORMAT from the extension when left out: "
                 f"{', '.join(sorted({fmt for _, fmt in EXTENSIONS if fmt in formats}))}). With -o and no "
                 "--format, standard output shows only the summary.",
        )(f)

    return decorate


def due_days_option(f):
    return click.option("--due-days", default="30,90,180", show_default=True, metavar="HIGH,MEDIUM,LOW",
                        help="Days from the evaluation date to propose as the due date for high, medium and low "
                             "risks (risk register and action plan).")(f)


def parse_due_days(text: str) -> dict[str, int]:
    from ..engine.report.views import parse_due_days as parse
    from ..facts.located.problems import UsageError

    try:
        return parse(text)
    except ValueError:
        raise UsageError(f"--due-days {text!r}: expected three whole numbers of days HIGH,MEDIUM,LOW, "
                         "e.g. 30,90,180") from None


@dataclass
class Views:
    """What renderers may be given besides the report itself."""

    explanations: dict[str, Any] | None = None   # fingerprint -> Explanation (from the profile)
    trend: Any = None                            # the organisation's trend, when a database is given
    run: Any = None                              # RunHeader of a recorded run
    previous: Any = None                         # the previous run's Report, for SARIF baseline states
    short_names: dict[str, str] = field(default_factory=dict)
    statuses: tuple[str, ...] = ()
    due_days: dict[str, int] | None = None
    sarif_passes: bool = False


def explain_open(report, loaded, library) -> dict[str, Any]:
    """Explanations of the findings the reports detail (gaps and unknowns), by fingerprint."""
    from ..engine.explain import explain_findings

    wanted = [f for f in report.findings if f.status in ("gap", "unknown")]
    return explain_findings(wanted, loaded, library, dt.date.fromisoformat(report.evaluated_as_of))


def render(report, fmt: str, views: Views) -> str:
    """``report`` in ``fmt`` as text (the table as the terminal would show it at 100 columns)."""
    if fmt == "json":
        from ..engine.report.json_report import render_json

        return render_json(report) + "\n"
    if fmt == "jsonl":
        from ..engine.report.tabular import render_jsonl

        return render_jsonl(report)
    if fmt == "csv":
        from ..engine.report.tabular import render_csv

        return render_csv(report)
    if fmt == "sarif":
        from ..engine.report.sarif import render_sarif

        return render_sarif(report, include_passes=views.sarif_passes, previous=views.previous) + "\n"
    if fmt == "junit":
        from ..engine.report.junit import render_junit

        return render_junit(report)
    if fmt == "oscal":
        from ..engine.report.oscal import render_oscal

        return render_oscal(report, views.due_days) + "\n"
    if fmt in ("markdown", "html"):
        from ..engine.report.document import build_document

        doc = build_document(report, explanations=views.explanations, trend=views.trend, run=views.run,
                             due_days=views.due_days, short_names=views.short_names, statuses=views.statuses)
        if fmt == "html":
            from ..engine.report.html import render_document_html

            return render_document_html(doc)
        from ..engine.report.markdown import render_document_markdown

        return render_document_markdown(doc)
    if fmt == "table":
        import io

        from rich.console import Console

        from ..engine.report.terminal import render_terminal

        buffer = io.StringIO()
        render_terminal(report, Console(file=buffer, width=100, highlight=False, color_system=None),
                        views.statuses, views.short_names)
        return buffer.getvalue()
    raise ValueError(fmt)


def emit(report, fmt: str | None, outputs: list[Output], views: Views) -> None:
    """Print ``fmt`` (None: the summary line only, when files were asked for) and write each output."""
    for out in outputs:
        write_file(out.path, render(report, out.fmt, views))
        click.echo(f"csaudit: wrote {out.fmt} to {out.path}", err=True)
    if fmt is None:
        from ..engine.report.escape import visible
        from ..engine.report.terminal import summary_line

        click.echo(visible(summary_line(report)))
    elif fmt == "table":
        from rich.console import Console

        from ..engine.report.terminal import render_terminal

        render_terminal(report, Console(highlight=False), views.statuses, views.short_names)
    else:
        click.echo(render(report, fmt, views), nl=False)


def write_file(path: Path, text: str) -> None:
    from ..facts.located.problems import UsageError

    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"-o {path}: cannot write the file ({exc.strerror or exc})") from None
