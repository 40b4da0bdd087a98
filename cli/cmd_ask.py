"""csaudit ask: what to find out next, and (--interactive) asking it and writing the answers into the profile."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from .options import as_of_option, engine_option, format_option, rules_option

_STRENGTH_WORDS = {"duty": ("legal duty", "legal duties"), "recommendation": ("recommendation", "recommendations"),
                   "good_practice": ("good-practice point", "good-practice points")}


def _counts(by_strength: dict[str, int]) -> str:
    parts = [f"{n} {_STRENGTH_WORDS[s][n != 1]}" for s in ("duty", "recommendation", "good_practice")
             if (n := by_strength.get(s))]
    return ", ".join(parts)


def _evaluate(profile: Path, as_of, engine: str, rules_dirs):
    from .cmd_check import evaluate_profile

    loaded, _library, applied = evaluate_profile(profile, as_of, engine, rules_dirs, "15,6", None)
    return loaded, applied.report


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(min=0), default=15, show_default=True,
              help="How many points to list or ask (0: all).")
@click.option("--interactive", "-i", is_flag=True,
              help="Ask them one by one and write each answer (and where it was seen) into PROFILE, keeping its "
                   "comments, order and layout.")
@click.option("--only", type=click.Choice(["facts", "questions"]),
              help="Only the facts the profile does not state, or only the auditor questions.")
@format_option("table", "json")
@as_of_option
@engine_option
@rules_option
def ask(profile: Path, limit: int, interactive: bool, only: str | None, fmt: str, as_of, engine: str,
        rules_dirs) -> None:
    """What to find out next about PROFILE: the facts it does not state and the auditor questions not yet
    answered, ranked by the findings each would settle, weighted by strength (legal duty 3, recommendation 2,
    good practice 1) times risk (high 3, medium 2, low 1)."""
    from ..engine.ask import open_points
    from ..facts.located.printable import printable
    from ..facts.located.problems import UsageError

    loaded, report = _evaluate(profile, as_of, engine, rules_dirs)
    points = [p for p in open_points(report) if only is None or f"{p.kind}s" == only]
    shown = points if limit == 0 else points[:limit]
    if interactive:
        if not sys.stdin.isatty():
            raise UsageError("csaudit ask --interactive asks its questions on a terminal; without one, list them "
                             "(no --interactive) and edit the profile")
        _interactive(profile, loaded, [p for p in points if p.askable][: limit or None], report,
                     (as_of, engine, rules_dirs))
        return
    if fmt == "json":
        click.echo(json.dumps({"profile": str(profile), "open": len(points),
                               "points": [p.as_dict() for p in shown]}, indent=2))
        return
    unknown = sum(1 for f in report.findings if f.status == "unknown")
    manual = sum(1 for f in report.findings if f.status == "manual")
    if not points:
        click.echo(printable(f"{report.profile.name}: nothing left to find out: no unknown findings and no "
                             "unanswered questions."))
        return
    click.echo(printable(f"What to find out next about {report.profile.name}: {unknown} unknown finding(s) and "
                         f"{manual} unanswered auditor question(s), {len(points)} point(s) in all; the first "
                         f"{len(shown)}, those that settle most first."))
    for n, p in enumerate(shown, 1):
        what = "fact" if p.kind == "fact" else "question"
        click.echo()
        click.echo(printable(f"{n:>3}. {p.key}  ({what}; settles {p.settles} finding(s): {_counts(p.by_strength)}; "
                             f"weight {p.score})"))
        click.echo(printable(f"     {p.text}", lines=True))
    click.echo()
    click.echo(printable(f"Answer them with: csaudit ask {profile} --interactive"))


def _interactive(profile: Path, loaded, points, report, evaluation) -> None:
    from ..facts.editing import AnswerError, check_text, data_path, kind_at, validate_value
    from ..facts.glossary import explain_path
    from ..facts.located.printable import printable
    from ..facts.located.reader import parse_yaml
    from .authoring.prompts import SKIP, Prompt, Stop, ask, say

    text = profile.read_text(encoding="utf-8")
    today = dt.date.today()
    written = 0
    say(f"{len(points)} point(s) to find out, those that settle most first. 'Not sure' or Enter leaves one for "
        "later; Ctrl-C stops (every answer given is already written).", "italic")
    try:
        for n, point in enumerate(points, 1):
            data = parse_yaml(text, str(profile)).data
            say(f"\n{n}/{len(points)}  {point.key}  (settles {point.settles} finding(s): {_counts(point.by_strength)})")
            if point.kind == "question":
                prompt = Prompt(point.text, "enum", lambda v: v,
                                [("yes", "the practice is in place"), ("no", "it is not"),
                                 ("not_applicable", "it does not apply here")])
                path = None
            else:
                try:
                    path = data_path(data, point.key)
                except AnswerError:
                    continue
                found = kind_at(path)
                if found is None:
                    continue
                explained = explain_path(point.key)
                help_lines = [line for line in (explained.lines()[1:] if explained else []) if
                              not line.startswith("  ")]
                prompt = Prompt(point.text, found[0], lambda v, _p=path: validate_value(_p, v),
                                list(explained.values.items()) if explained else [], help_lines)
            answer = ask(prompt)
            if answer is SKIP:
                continue
            source = ask(Prompt("Where did you see or hear this? A document, page or person (Enter to leave it "
                                "out)", "text", lambda v: str(v).strip()))
            confirmed = ask(Prompt("Who confirmed it? Name and role (Enter to leave it out)", "text",
                                   lambda v: str(v).strip())) if source is not SKIP else SKIP
            edits = _edits(point, path, answer, None if source is SKIP else source,
                           None if confirmed is SKIP else confirmed, today, data)
            try:
                new_text = _edit(text, edits)
            except AnswerError as exc:
                say(f"Not written: {exc}.", "fg:ansired")
                continue
            check_text(new_text, str(profile))
            _write(profile, new_text)
            text = new_text
            written += 1
    except (Stop, KeyboardInterrupt, EOFError):
        say("\nStopped.", "italic")
    if not written:
        click.echo("Nothing written.")
        return
    from ..facts.loader import load_profile

    load_profile(profile)
    _, after = _evaluate(profile, *evaluation)
    before_open = sum(1 for f in report.findings if f.status in ("unknown", "manual"))
    after_open = sum(1 for f in after.findings if f.status in ("unknown", "manual"))
    click.echo(printable(f"Wrote {written} answer(s) into {profile}. Unknown or unanswered findings: "
                         f"{before_open} before, {after_open} now. See the result: csaudit check {profile}"))


def _edits(point, path, answer, source, confirmed, today: dt.date, data: dict):
    from ..facts.editing import Edit

    if point.kind == "question":
        value: object = answer
        if source or confirmed:
            value = {"answer": answer, **({"evidence": source} if source else {}),
                     **({"answered_by": confirmed} if confirmed else {}), "date": today}
        return [Edit(("answers", point.key), value)]
    edits = [Edit(path, answer)]
    if source or confirmed:
        ids = {e.get("id") for e in data.get("evidence") or () if isinstance(e, dict)}
        n = 1
        while f"seen-{today.isoformat()}-{n}" in ids:
            n += 1
        record = {"id": f"seen-{today.isoformat()}-{n}", "covers": [point.key]}
        if source:
            record["document"] = source
        record["seen"] = today
        if confirmed:
            record["confirmed_by"] = confirmed
        edits.append(Edit(("evidence",), record, append=True))
    return edits


def _edit(text: str, edits) -> str:
    from ..facts.editing import edit_text

    return edit_text(text, edits)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
