"""csaudit check with several profiles: files, folders and globs, in worker processes, results in input order.

The library is loaded once in the parent (from the on-disk cache when it can be); each worker process is
forked from it and builds its matching engine's ruleset once, on its first profile. Workers return, per
profile, what the parent needs and nothing more: the counts for the summary, the exit code the profile
would give alone, the JSON Lines text when asked for, and the record to write when recording. The parent
writes each profile's run to the audit database in a transaction of its own, streams the JSON Lines in the
order the profiles were given (whatever the number of workers), and prints the summary at the end.

A profile that cannot be checked (it does not validate, its waiver file is wrong, it is not a regular
file) is reported on standard error with its located message, and the others still run. The exit code is
the highest any one profile would have given on its own: 0, 1 (gaps at or above ``--fail-on``), 2 (a
profile that could not be read or validated), 3 (a waiver file that is not valid).
"""

from __future__ import annotations

import glob
import itertools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

GLOB_CHARS = frozenset("*?[")
IN_FLIGHT = 4  # profiles per worker submitted ahead of the one the output is waiting for
SKIPPED_NAMES = ("waivers.yaml", "waivers.yml")


def is_batch(paths: tuple[Path, ...]) -> bool:
    """One plain file (or a name that does not exist and is not a pattern) is checked as before."""
    if len(paths) != 1:
        return True
    text = str(paths[0])
    if paths[0].is_dir():
        return True
    return bool(GLOB_CHARS & set(text)) and not paths[0].is_file()


def _folder_profiles(folder: Path) -> list[Path]:
    """Profiles below a folder: every .yaml/.yml file except waiver files, rule test files, and files or
    folders whose name starts with '_' or '.' (where shared base profiles for ``extends:`` are kept)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        for name in sorted(filenames):
            if (name.endswith((".yaml", ".yml")) and not name.startswith(("_", ".")) and name not in SKIPPED_NAMES
                    and not name.endswith(".test.yaml")):
                found.append(Path(dirpath) / name)
    return found


def expand(paths: tuple[Path, ...]) -> tuple[list[Path], list[str]]:
    """(profile files in the order given, each once; a message per argument that names none)."""
    out: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for arg in paths:
        text = str(arg)
        if arg.is_dir():
            found = _folder_profiles(arg)
            if not found:
                problems.append(f"{text}: a folder with no profiles (.yaml files) in it")
            for p in found:
                add(p)
        elif GLOB_CHARS & set(text) and not arg.is_file():
            matched = sorted(glob.glob(text, recursive=True))
            files = [Path(m) for m in matched if not os.path.isdir(m)]
            for m in matched:
                if os.path.isdir(m):
                    files.extend(_folder_profiles(Path(m)))
            if not files:
                problems.append(f"{text}: no file matches this pattern")
            for p in files:
                add(p)
        else:
            add(arg)  # a missing or unreadable file is reported when it is read, with the others still run
    return out, problems


@dataclass(frozen=True)
class Settings:
    """What every profile of a batch is checked with (sent to each worker once)."""

    as_of: Any
    engine: str
    risk_bands: str
    waivers_path: Path | None
    fail_on: str
    fail_on_unknown: str
    jsonl: bool
    record: bool
    cycle: str | None
    run_by: str
    started: str


@dataclass
class Outcome:
    """One profile's result, as a worker sends it back."""

    index: int
    path: str
    code: int
    name: str = ""
    summary: dict[str, int] = field(default_factory=dict)
    duty_gaps: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    jsonl: str = ""
    record: Any = None


_STATE: dict[str, Any] = {}


def _init(library, settings: Settings) -> None:
    """Once per worker: the library (inherited), the risk matrix and a backend whose warnings are collected."""
    from ..engine.match.backends import get_backend
    from .cmd_check import _risk_matrix

    warnings: list[str] = []
    _STATE.update(library=library, settings=settings, warnings=warnings, matrix=_risk_matrix(settings.risk_bands),
                  backend=get_backend(settings.engine, warn=warnings.append))


def _check(job: tuple[int, str]) -> Outcome:
    index, path = job
    from ..facts.located.problems import CsauditError

    warnings: list[str] = _STATE["warnings"]
    try:
        outcome = _check_one(index, Path(path))
    except CsauditError as exc:
        outcome = Outcome(index, path, exc.exit_code, error=exc.render())
    except (MemoryError, RecursionError) as exc:
        outcome = Outcome(index, path, 70, error=f"{path}: csaudit ran out of "
                          f"{'memory' if isinstance(exc, MemoryError) else 'stack'} on this input")
    outcome.warnings = list(warnings)
    warnings.clear()
    return outcome


def _check_one(index: int, path: Path) -> Outcome:
    from ..engine.audit.waivers import apply_waivers
    from ..engine.evaluate import run_check
    from ..facts.loader import load_profile
    from .cmd_check import _waivers, exit_code_for

    library, settings = _STATE["library"], _STATE["settings"]
    loaded = load_profile(path)
    waivers = _waivers(path, settings.waivers_path, library, loaded)
    applied = apply_waivers(run_check(loaded, library, as_of=settings.as_of, matrix=_STATE["matrix"],
                                      backend=_STATE["backend"]), waivers)
    report = applied.report
    _STATE["warnings"].extend(applied.warnings)
    outcome = Outcome(index, str(path), exit_code_for(report, settings.fail_on, settings.fail_on_unknown),
                      name=report.profile.name, summary=report.summary.model_dump(),
                      duty_gaps=sum(1 for f in report.findings if f.open_gap and f.strength == "duty"))
    if settings.jsonl:
        from ..engine.report.tabular import render_jsonl

        outcome.jsonl = render_jsonl(report)
    if settings.record:
        from ..engine.audit.record import build_record
        from ..engine.audit.store import run_rows

        # In rows already: the process writing the database then only writes.
        outcome.record = run_rows(build_record(report, loaded, library, applied.states,
                                               cycle=settings.cycle or report.evaluated_as_of,
                                               run_by=settings.run_by, started_at=settings.started))
    return outcome


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _outcomes(library, settings: Settings, files: list[Path], jobs: int):
    """Each profile's outcome, in the order given; ``jobs`` worker processes (1: in this process)."""
    work = [(i, str(p)) for i, p in enumerate(files)]
    if jobs <= 1 or len(work) <= 1:
        _init(library, settings)
        for job in work:
            yield _check(job)
        return
    import multiprocessing

    from collections import deque
    from itertools import islice

    # fork: workers inherit the loaded library (no re-reading); each builds its own engine state.
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    workers = min(jobs, len(work))
    with ctx.Pool(processes=workers, initializer=_init, initargs=(library, settings)) as pool:
        # At most a few profiles per worker in flight, taken back in the order given: however slowly the
        # output is read, finished results do not pile up in memory.
        queue = iter(work)
        pending = deque(pool.apply_async(_check, (job,)) for job in islice(queue, workers * IN_FLIGHT))
        while pending:
            outcome = pending.popleft().get()
            following = next(queue, None)
            if following is not None:
                pending.append(pool.apply_async(_check, (following,)))
            yield outcome


def run_batch(paths: tuple[Path, ...], *, fmt: str | None, outputs, baseline, as_of, engine: str, rules_dirs,
              risk_bands: str, waivers_path, fail_on: str, fail_on_unknown: str, db_path, cycle, run_by,
              jobs: int | None, quiet: bool) -> int:
    """Check every profile named by ``paths``; return the exit code (the highest of any one profile)."""
    from ..engine.audit.record import now_utc, run_by_default
    from ..facts.located.printable import printable
    from ..facts.located.problems import UsageError
    from .cmd_check import _risk_matrix, warn
    from .options import DEFAULT_DB, load_rules, open_db

    fmt = fmt or "table"
    if fmt not in ("table", "jsonl"):
        raise UsageError(f"--format {fmt}: with several profiles csaudit prints a summary table (table) or streams "
                         "every finding (jsonl); check one profile at a time for the other formats")
    if outputs or baseline:
        raise UsageError(f"{'-o' if outputs else '--baseline'} is for one profile; with several, use --format jsonl "
                         "or --db and 'csaudit runs show'")
    _risk_matrix(risk_bands)  # a wrong value is a usage error before anything runs
    files, problems = expand(paths)
    code = 2 if problems else 0
    for message in problems:
        click.echo(f"Error: {printable(message)}", err=True)
    library = load_rules(rules_dirs)
    recording = db_path is not None or cycle is not None
    settings = Settings(as_of, engine, risk_bands, waivers_path, fail_on, fail_on_unknown, fmt == "jsonl",
                        recording, cycle, run_by or run_by_default(), now_utc())
    store = open_db(db_path or Path(DEFAULT_DB), create=True) if recording else None
    jobs = jobs or default_jobs()
    rows: list[Outcome] = []
    recorded = 0
    progress = None
    if not quiet and sys.stderr.isatty() and files:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
    try:
        task = progress.add_task("check", total=len(files)) if progress else None
        outcomes = _outcomes(library, settings, files, jobs)
        first = next(outcomes, None)  # the workers are forked before the progress bar starts its thread
        if progress:
            progress.start()
        for outcome in itertools.chain([first] if first is not None else [], outcomes):
            for line in outcome.warnings:
                warn(line)
            if outcome.error:
                click.echo(f"Error: {printable(outcome.error, lines=True)}", err=True)
            else:
                if outcome.jsonl:
                    sys.stdout.write(outcome.jsonl)
                    sys.stdout.flush()
                if store is not None:
                    store.record(outcome.record)  # one transaction per profile
                    recorded += 1
                outcome.record, outcome.jsonl = None, ""
            code = max(code, outcome.code)
            rows.append(outcome)
            if progress:
                progress.advance(task)
    finally:
        if progress:
            progress.stop()
        if store is not None:
            store.close()
    if store is not None:
        warn(f"csaudit: recorded {recorded} run(s), cycle {cycle or 'the as-of date of each'}, in {store.path}")
    _summary(rows, library, to_stderr=fmt == "jsonl")
    return code


MAX_ROWS = 100


def _summary(rows: list[Outcome], library, *, to_stderr: bool) -> None:
    """The table of profiles (worst first when there are more than MAX_ROWS) and a totals line."""
    from rich.console import Console
    from rich.table import Table

    from ..engine.report.escape import visible

    stream = sys.stderr if to_stderr else sys.stdout
    console = Console(stderr=to_stderr, highlight=False, width=None if stream.isatty() else 160)
    shown = rows if len(rows) <= MAX_ROWS else sorted(
        rows, key=lambda r: (-r.code, -r.duty_gaps, -r.summary.get("gap", 0), r.index))[:MAX_ROWS]
    table = Table(title=None, show_edge=False, pad_edge=False)
    for col in ("profile", "file", "gaps", "legal", "unknown", "manual", "met", "n/a", "exit"):
        table.add_column(col, justify="right" if col not in ("profile", "file") else "left",
                         overflow="fold" if col in ("profile", "file") else "ellipsis")
    for r in shown:
        if r.error:
            table.add_row("(not checked)", visible(r.path), "", "", "", "", "", "", str(r.code))
        else:
            s = r.summary
            table.add_row(visible(r.name), visible(r.path), str(s["gap"]), str(r.duty_gaps), str(s["unknown"]),
                          str(s["manual"]), str(s["met"]), str(s["not_applicable"]), str(r.code))
    console.print(table)
    checked = [r for r in rows if not r.error]
    failed = len(rows) - len(checked)
    if len(rows) > MAX_ROWS:
        click.echo(f"... {len(rows) - MAX_ROWS} more profile(s) not shown (worst first above; every finding: "
                   "--format jsonl)", err=to_stderr)
    gaps = sum(r.summary["gap"] for r in checked)
    legal = sum(r.duty_gaps for r in checked)
    click.echo(f"{len(rows)} profile(s): {len(checked)} checked, {failed} not checked; {gaps} gap(s) "
               f"({legal} legal), {sum(1 for r in checked if r.code)} at or above --fail-on — "
               f"{len(library.rules)} rules", err=to_stderr)
