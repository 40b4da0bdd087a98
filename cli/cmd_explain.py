"""csaudit explain: the argument behind one finding, as a tree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .cmd_check import evaluate_profile, risk_bands_option
from .options import as_of_option, engine_option, rules_option, waivers_option


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("rule_id")
@click.option("--subject", "subject", metavar="KEY",
              help="The subject to explain (a channel, offering, role ... id); without it, every subject the rule "
                   "has a finding for.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--full", is_flag=True, help="Show every condition of the rule, not only those that decided the "
                                            "finding.")
@as_of_option
@engine_option
@rules_option
@risk_bands_option
@waivers_option
def explain(profile: Path, rule_id: str, subject: str | None, fmt: str, full: bool, as_of, engine: str, rules_dirs,
            risk_bands: str, waivers_path) -> None:
    """Explain the finding of RULE_ID (a rule or a manual question id) for PROFILE: the clause, the rule in
    plain words, each condition with the fact's value and its profile line, and the conclusion; for an
    unknown, the questions that would settle it."""
    from ..engine.explain import explain_finding
    from ..facts.located.problems import UsageError
    from ..facts.located.validation import suggest

    loaded, library, applied = evaluate_profile(profile, as_of, engine, rules_dirs, risk_bands, waivers_path)
    report = applied.report
    mine = [f for f in report.findings if f.rule_id == rule_id]
    if not mine:
        ids = sorted({f.rule_id for f in report.findings})
        raise UsageError(f"no rule or question '{rule_id}'{suggest(rule_id, ids)}; 'csaudit rules list' and "
                         "'csaudit rules coverage' list them")
    if subject is not None:
        chosen = [f for f in mine if subject in (f.subject.key, f.subject.name)]
        if not chosen:
            keys = [f.subject.key for f in mine]
            raise UsageError(f"{rule_id} has no finding about '{subject}'{suggest(subject, keys)}; its subjects: "
                             f"{', '.join(keys)}")
        mine = chosen
    when = dt.date.fromisoformat(report.evaluated_as_of)
    flat = loaded.flat()
    explanations = [explain_finding(f, loaded, library, when, flat, full=full) for f in mine]
    if fmt == "json":
        from ..engine.report.explain_text import render_explanations_json

        click.echo(render_explanations_json(explanations), nl=False)
    elif fmt == "markdown":
        from ..engine.report.explain_text import render_explanations_markdown

        click.echo(render_explanations_markdown(explanations), nl=False)
    else:
        from rich.console import Console

        from ..engine.report.explain_text import render_explanation

        console = Console(highlight=False)
        for e in explanations:
            render_explanation(e, console)
