"""csaudit init: write a profile by answering questions, or from a template or an answers file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click


def _write(path: Path, text: str) -> None:
    """Write whole or not at all (a stop mid-write leaves the old file)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def state_path(profile: Path) -> Path:
    return profile.with_name(f"{profile.stem}.init-answers.yaml")


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path), default="profile.yaml")
@click.option("--template", "template", metavar="NAME",
              help="Start from a template of typical answers and ask nothing: online-retailer, subscription-service, "
                   "sole-trader-home-visits, high-street-shop.")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Take the answers from this YAML file and ask nothing (profile paths as keys; the state file of a "
                   "stopped run has the same shape). With --template, these answers replace the template's.")
@click.option("--force", is_flag=True, help="Overwrite PROFILE if it exists.")
@click.option("--restart", is_flag=True, help="Forget the answers of a stopped run and start again.")
@click.option("--list-templates", is_flag=True, help="List the templates and exit.")
def init(profile: Path, template: str | None, answers_file: Path | None, force: bool, restart: bool,
         list_templates: bool) -> None:
    """Write PROFILE (default profile.yaml) by answering questions in plain English, topic by topic.

    Only questions that earlier answers make relevant are asked, each answer is checked as it is given,
    and every answer is saved at once: stop at any time (Ctrl-C) and run the same command again to carry
    on. The profile is written with comments and a schema line for editors (profile.schema.json beside
    it), then checked to load.
    """
    from ..facts.located.problems import UsageError
    from .authoring import questionnaire as q

    if list_templates:
        for name in q.template_names():
            first = q.template_text(name).splitlines()[0].removeprefix("# Template: ")
            click.echo(f"{name}\t{first}")
        return
    if profile.exists() and not force:
        raise UsageError(f"{profile} exists; give another file name, or --force to overwrite it")
    topics = q.load_topics()
    state = state_path(profile)
    if template or answers_file:
        answers = _given(topics, template, answers_file)
        source = f"from the {template} template" if template else ""
    else:
        if not sys.stdin.isatty():
            raise UsageError("csaudit init asks its questions on a terminal; without one, give --template NAME or "
                             "--answers FILE")
        answers = _interactive(topics, state, restart)
        if answers is None:
            click.echo(f"Stopped. Your answers are kept in {state}; run the same command to carry on.")
            return
        source = ""
    if not (template or answers_file):
        _write(state, q.dump_answers(answers))  # kept until the profile is written
    _finish(topics, answers, profile, source, answers_file)
    if state.exists() and not (template or answers_file):
        state.unlink()


def _given(topics, template: str | None, answers_file: Path | None) -> dict:
    from ..facts.located.reader import parse_yaml, read_yaml
    from .authoring import questionnaire as q
    from .cmd_check import warn

    given: dict = {}
    positions: dict = {}
    name = ""
    if template:
        located = parse_yaml(q.template_text(template), f"template {template}")
        given.update(located.data or {})
        positions, name = located.positions, located.file
    if answers_file:
        located = read_yaml(answers_file)
        if located.data is not None and not isinstance(located.data, dict):
            from ..facts.located.problems import InputError, Problem

            raise InputError(f"{answers_file}: not an answers file",
                             [Problem(str(answers_file), 1, 1, "", "expected a mapping of questions to answers")])
        given.update(located.data or {})
        positions, name = {**positions, **located.positions}, located.file
    return q.apply_answers(topics, given, positions, name, warn)


def _interactive(topics, state: Path, restart: bool) -> dict | None:
    import yaml

    from .authoring import questionnaire as q
    from .authoring.prompts import Stop, ask, say

    answers: dict = {}
    if state.exists() and not restart:
        answers = yaml.safe_load(state.read_text(encoding="utf-8")) or {}
        say(f"Carrying on from {state} ({sum(1 for k in answers if not k.startswith('_'))} answers kept; "
            "--restart to start again).", "italic")
    else:
        say("csaudit init: a few questions about how the organisation serves its customers.\n"
            "Answer what you know; 'Not sure' or Enter leaves a fact out (it stays unknown, never taken as false).\n"
            "Ctrl-C stops: every answer is saved, and running the same command carries on.", "italic")
    run = q.Run(topics, answers, save=lambda a: _write(state, q.dump_answers(a)), announce=lambda t: say(t))
    try:
        run.walk(lambda question: ask(question.prompt()))
    except (Stop, KeyboardInterrupt, EOFError):
        _write(state, q.dump_answers(answers))
        return None
    return answers


def _finish(topics, answers: dict, profile: Path, source: str, answers_at: Path | None = None) -> None:
    import json

    from ..facts.loader import load_profile_text, profile_json_schema
    from ..facts.located.printable import printable
    from ..facts.located.problems import InputError
    from .authoring import questionnaire as q

    text = q.render_profile(q.build_profile(topics, answers), source=source)
    try:
        loaded = load_profile_text(text, str(profile))   # a profile that does not load is never written
    except InputError as exc:
        where = answers_at or state_path(profile)
        raise InputError(f"{profile} was not written: the answers do not make a valid profile yet; correct them "
                         f"in {where} and run the same command again", exc.problems) from None
    _write(profile, text)
    schema = profile.with_name(q.SCHEMA_FILE)
    if not schema.exists():
        _write(schema, json.dumps(profile_json_schema(), indent=2) + "\n")
    flat = loaded.flat()
    stated = len(flat.organisation.values) + sum(len(s.values) for c in flat.collections.values() for s in c or ())
    click.echo(printable(f"Wrote {profile}: a valid profile of {loaded.profile.organisation.name} "
                         f"({stated} facts stated)."))
    click.echo(printable(f"Next: csaudit check {profile}   then   csaudit ask {profile}   (what to find out next)"))
