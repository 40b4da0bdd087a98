"""csaudit check: evaluate a profile, report findings, and record the run when asked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import (DEFAULT_DB, as_of_option, cycle_option, db_option, engine_option, load_rules, open_db,
                      rules_option, run_by_option, waivers_option)
from .output import REPORT_FORMATS, due_days_option, output_option

FAIL_ON = {"duty": ("duty",), "recommendation": ("duty", "recommendation"),
           "any": ("duty", "recommendation", "good_practice"), "none": ()}


def _risk_matrix(text: str):
    """--risk-bands '15,6' -> a matrix; a wrong value is a usage error, not a traceback."""
    from ..engine.risk import RiskMatrix
    from ..facts.located.problems import UsageError

    try:
        high, medium = (int(x) for x in text.split(","))
    except ValueError:
        raise UsageError(f"--risk-bands {text!r}: expected two whole numbers HIGH,MEDIUM, e.g. 15,6") from None
    if not 1 <= medium < high <= 25:
        raise UsageError(f"--risk-bands {text!r}: need 1 <= MEDIUM < HIGH <= 25 (scores are likelihood x impact)")
    return RiskMatrix(high=high, medium=medium)


def exit_code_for(report, fail_on: str, fail_on_unknown: str = "none") -> int:
    """1 when an unwaived gap at or above ``fail_on`` is found, or an undecided finding (unknown, or an
    unanswered manual question) at or above ``fail_on_unknown``; else 0. Silence must not pass a gate."""
    blocking, undecided = FAIL_ON[fail_on], FAIL_ON[fail_on_unknown]
    if any(f.open_gap and f.strength in blocking for f in report.findings):
        return 1
    return 1 if any(f.status in ("unknown", "manual") and f.strength in undecided for f in report.findings) else 0


def _waivers(profile: Path, waivers_path: Path | None, library, loaded=None):
    """The waivers for this profile: --waivers, else waivers.yaml beside it; duties, and subjects the profile
    does not have, refused."""
    from ..engine.audit.waivers import check_waivers, default_waivers_path, load_waivers, subject_keys

    path = waivers_path or default_waivers_path(profile)
    if path is None:
        return ()
    waivers = load_waivers(path)
    check_waivers(waivers, {rid: rule.spec.strength for rid, rule in library.rules.items()},
                  {rid: rule.spec.subject for rid, rule in library.rules.items()},
                  subject_keys(loaded.profile) if loaded is not None else None)
    return waivers


def warn(message: str) -> None:
    """One line on stderr, every character of it safe for a terminal (names and paths come from input)."""
    from ..facts.located.printable import printable

    click.echo(printable(message), err=True)


def risk_bands_option(f):
    return click.option("--risk-bands", default="15,6", show_default=True, metavar="HIGH,MEDIUM",
                        help="Risk score (likelihood x impact, 1-25) at or above which a risk is high, and medium.")(f)


def evaluate_profile(profile: Path, as_of, engine: str, rules_dirs, risk_bands: str, waivers_path):
    """Load, check and apply waivers: (loaded profile, library, applied waivers); the same for every command
    that reports on a profile."""
    from ..engine.audit.waivers import apply_waivers
    from ..engine.evaluate import run_check
    from ..engine.match.backends import get_backend
    from ..facts.loader import load_profile

    loaded = load_profile(profile)
    library = load_rules(rules_dirs)
    waivers = _waivers(profile, waivers_path, library, loaded)
    matrix = _risk_matrix(risk_bands)
    applied = apply_waivers(run_check(loaded, library, as_of=as_of, matrix=matrix,
                                      backend=get_backend(engine, warn=warn)), waivers)
    for warning in applied.warnings:
        warn(warning)
    return loaded, library, applied


def _previous(baseline: str, store, report):
    """The report a SARIF baseline compares with: a JSON report file, or a run (id or cycle) of --db."""
    from ..facts.located.problems import UsageError

    path = Path(baseline)
    if path.is_file():
        import json

        from ..engine.findings import Report
        from ..facts.located.reader import read_bytes

        try:
            data = json.loads(read_bytes(path, "a JSON report"))  # a regular file, within the file-size limit
            data.pop("$schema", None)
            data.pop("run", None)
            return Report.model_validate(data)
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:
            why = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise UsageError(f"--baseline {baseline}: not a csaudit JSON report ({why})") from None
    if store is None:
        raise UsageError(f"--baseline {baseline}: no such file; to compare with a recorded run give --db too")
    return store.load(store.resolve(baseline, report.profile.name).id).report()


@click.command()
@click.argument("profiles", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default=None,
              help="Output format on standard output  [default: table]: table, json (versioned schema: "
                   "'csaudit report schema'), jsonl, csv, markdown, html (a self-contained board report), junit, "
                   "sarif, oscal (assessment results).")
@output_option()
@as_of_option
@engine_option
@rules_option
@risk_bands_option
@due_days_option
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="duty", show_default=True,
              help="Exit 1 when an unwaived gap of this strength or stronger is found.")
@click.option("--fail-on-unknown", type=click.Choice(list(FAIL_ON)), default="none", show_default=True,
              help="Also exit 1 when a finding of this strength or stronger is unknown or an unanswered manual "
                   "question, so a profile that states too little cannot pass.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["gap", "unknown", "manual", "met", "not_applicable"]),
              help="Statuses listed row by row in the table, Markdown and HTML (repeatable; default: gap and "
                   "unknown).")
@click.option("--sarif-passes", is_flag=True,
              help="SARIF: also list met findings (kind pass), not-applicable ones and auditor questions.")
@click.option("--baseline", metavar="RUN|CYCLE|FILE",
              help="SARIF: the previous run to compare with (baselineState): a run or cycle of --db, or a JSON "
                   "report file.")
@waivers_option
@db_option(default=None)
@cycle_option
@run_by_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Several profiles: worker processes to check them in  [default: the number of cores].")
@click.option("--quiet", "-q", is_flag=True, help="Several profiles: no progress bar (none is shown when standard "
                                                  "error is not a terminal either).")
def check(profiles: tuple[Path, ...], fmt: str | None, outputs, as_of, engine: str, rules_dirs, risk_bands: str,
          due_days: str, fail_on: str, fail_on_unknown: str, statuses, sarif_passes: bool, baseline: str | None,
          waivers_path, db_path, cycle, run_by, jobs: int | None = None, quiet: bool = False) -> None:
    """Check PATH (a YAML organisation profile) against the rule library.

    Several profiles at once: give several files, folders (every .yaml below, except waiver files and names
    starting with '_' or '.') or quoted globs ('branches/**/*.yaml'). They are checked in --jobs worker
    processes; the summary table is printed at the end, or with --format jsonl every finding is streamed as
    each profile finishes. A profile that cannot be checked is reported and the others still run; the exit
    code is the highest any one profile would give alone (0, 1, 2, 3).

    With --db, --cycle or CSAUDIT_DB the run is recorded in an audit database
    (see 'csaudit runs'); without them nothing is written. Several outputs can be
    written from the one run with -o, e.g. -o board.html -o results.sarif.
    """
    from .batch import is_batch

    if is_batch(profiles):
        from .batch import run_batch

        sys.exit(run_batch(profiles, fmt=fmt, outputs=outputs, baseline=baseline, as_of=as_of, engine=engine,
                           rules_dirs=rules_dirs, risk_bands=risk_bands, waivers_path=waivers_path, fail_on=fail_on,
                           fail_on_unknown=fail_on_unknown, db_path=db_path, cycle=cycle, run_by=run_by, jobs=jobs,
                           quiet=quiet))
    (profile,) = profiles
    from ..engine.audit.record import now_utc
    from .output import Views, emit, explain_open, parse_due_days, parse_output

    started = now_utc()
    wanted = [parse_output(o) for o in outputs]
    days = parse_due_days(due_days)
    formats = {o.fmt for o in wanted} | ({fmt} if fmt else set())
    recording = db_path is not None or cycle is not None
    loaded, library, applied = evaluate_profile(profile, as_of, engine, rules_dirs, risk_bands, waivers_path)
    report = applied.report
    store = open_db(db_path or Path(DEFAULT_DB), create=True) if recording else None
    views = Views(statuses=tuple(statuses), due_days=days, sarif_passes=sarif_passes)
    try:
        if baseline and "sarif" in formats:
            views.previous = _previous(baseline, store, report)
        if store is not None:
            from ..engine.audit.record import build_record, run_by_default

            name = cycle or report.evaluated_as_of
            run_id = store.record(build_record(report, loaded, library, applied.states, cycle=name,
                                               run_by=run_by or run_by_default(), started_at=started))
            warn(f"csaudit: recorded run {run_id} of {report.profile.name}, cycle {name}, in {store.path}")
        if store is not None and formats & {"html", "markdown"}:
            from ..engine.audit.trend import build_trend

            views.trend = build_trend(report.profile.name, store.runs(report.profile.name), store.findings, 10)
    finally:
        if store is not None:
            store.close()
    views.short_names = {c.catalogue.document: c.catalogue.short for c in library.catalogues if c.catalogue.short}
    if formats & {"html", "markdown"}:
        views.explanations = explain_open(report, loaded, library)
    emit(report, fmt or (None if wanted else "table"), wanted, views)
    open_points = sum(1 for f in report.findings if f.status in ("unknown", "manual"))
    if open_points and (fmt or (None if wanted else "table")) == "table":
        import shutil

        from ..facts.located.printable import printable

        import os

        width = shutil.get_terminal_size((80, 24)).columns
        where = min(str(profile), os.path.relpath(profile), key=len)
        line = f"{open_points} undecided: 'csaudit ask {where}' names what settles most of them."
        if len(line) > width:  # one line, whatever the width: it ends the table
            line = next((t for t in (f"{open_points} undecided; next: csaudit ask {where}",
                                     f"{open_points} undecided; next: csaudit ask PROFILE") if len(t) <= width),
                        "Next: csaudit ask")
        click.echo(printable(line))
    sys.exit(exit_code_for(report, fail_on, fail_on_unknown))
