"""csaudit rules: list, show, lint and test the rule library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .options import format_option, load_rules, rules_option

_DIR = click.argument("directory", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))


@click.group()
def rules() -> None:
    """Inspect, lint and test the rule library."""


@rules.command("list")
@rules_option
@click.option("--source", help="Only rules from this source folder (e.g. bs8477, cra2015).")
@format_option("table", "json")
def list_rules(rules_dirs, source: str | None, fmt: str) -> None:
    """List the rules with their strength, subject and references."""
    library = load_rules(rules_dirs)
    chosen = [r for _, r in sorted(library.rules.items()) if not source or r.source == source]
    if fmt == "json":
        click.echo(json.dumps([{
            "id": r.id, "source": r.source, "title": r.spec.title, "strength": r.spec.strength,
            "subject": r.spec.subject, "refs": [x.model_dump() for x in r.spec.refs], "digest": r.digest,
            "valid_from": r.spec.valid_from.isoformat() if r.spec.valid_from else None,
            "valid_to": r.spec.valid_to.isoformat() if r.spec.valid_to else None,
        } for r in chosen], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    from rich.text import Text

    from ..facts.located.printable import printable

    table = Table(expand=True)
    for col in ("Rule", "Strength", "Subject", "Clause", "Title"):
        table.add_column(col, overflow="fold")
    for r in chosen:  # Text, not markup: a rule from --rules is input like any other
        table.add_row(*(Text(printable(x)) for x in (r.id, r.spec.strength, r.spec.subject,
                                                     "; ".join(x.clause for x in r.spec.refs), r.spec.title)))
    console = Console(highlight=False)
    console.print(table)
    console.print(f"{len(chosen)} rule(s)")


@rules.command()
@click.argument("rule_id")
@rules_option
def show(rule_id: str, rules_dirs) -> None:
    """Show one rule: its obligation, logic in words, references and remediation."""
    from ..engine.library.describe import describe
    from ..facts.located.problems import UsageError
    from ..facts.located.validation import suggest

    library = load_rules(rules_dirs)
    rule = library.rules.get(rule_id)
    if rule is None:
        raise UsageError(f"no rule '{rule_id}'{suggest(rule_id, list(library.rules))}")
    s = rule.spec
    lines = [
        f"{rule.id}: {s.title}",
        f"  strength:   {s.strength}    stage: {s.stage}    risk area: {s.risk_area}",
        f"  risk:       {s.risk.likelihood} x {s.risk.impact} ({', '.join(s.risk.consequences)})",
        f"  subject:    {s.subject}",
        f"  applies:    {describe(s.applies_when) if s.applies_when else 'always'}",
        f"  requires:   {describe(s.requires)}",
    ]
    if s.valid_from or s.valid_to:
        lines.append(f"  in force:   {s.valid_from or '…'} to {s.valid_to or '…'}")
    if s.preceded_by:
        lines.append(f"  before:     {s.preceded_by.describe()}"
                     + (f"; rules: {', '.join(s.preceded_by.rules)}" if s.preceded_by.rules else ""))
    for name, param in s.params.items():
        for date, value in sorted(param.values.items()):
            lines.append(f"  param:      {name} = {value.value} from {date}" + (f" ({value.ref})" if value.ref else ""))
    for ref in s.refs:
        lines.append(f"  ref:        {ref.document}{' ' + ref.edition if ref.edition else ''} {ref.clause}"
                     + (f" <{ref.url}>" if ref.url else ""))
    lines += [f"  gap:        {s.gap}", f"  remedy:     {s.remediation}"]
    if s.note:
        lines.append(f"  note:       {s.note}")
    lines.append(f"  file:       {rule.path}")
    from ..facts.located.printable import printable

    click.echo("\n".join(printable(line, lines=True) for line in lines))


@rules.command("lint")
@_DIR
def lint_cmd(directory: Path | None) -> None:
    """Check rule files and their tests: schema, fact paths, types, placeholders, gap and met cases."""
    from ..engine.library.lint import lint

    count, problems = lint([directory] if directory else None)
    for p in problems:
        click.echo(p.render())
    click.echo(f"{count} rule(s) read, {len(problems)} problem(s)")
    sys.exit(3 if problems else 0)


@rules.command("test")
@_DIR
@click.option("-k", "match", help="Only rules, and conditions files or named conditions, whose name contains this text.")
@click.option("--engine", "engines", multiple=True, type=click.Choice(["python", "durable"]),
              help="Engine(s) to run each case on (default: both).")
def test_cmd(directory: Path | None, match: str | None, engines) -> None:
    """Run every rule's *.test.yaml cases, and every named condition's (conditions/<source>.test.yaml), on both
    engines."""
    from ..engine.fixture_runner import conditions_files, run_condition_tests, run_rule_tests
    from ..engine.library.loader import load_library

    from ..facts.located.printable import printable

    library = load_library([directory] if directory else None)
    engines = tuple(engines) or ("python", "durable")
    results = [run_rule_tests(library, rule_id, engines) for rule_id in sorted(library.rules)
               if not match or match in rule_id]
    results += [run_condition_tests(library, path, engines) for path in conditions_files(library)
                if not match or match in path.stem or any(match in name for name, c in library.conditions.items()
                                                          if c.path == path)]
    passed = failed = broken = 0
    for result in results:
        for p in result.problems:
            broken += 1
            click.echo(f"ERROR {printable(result.rule_id)}: {p.render()}")
        for case in result.cases:
            if case.passed:
                passed += 1
            else:
                failed += not case.invalid
                broken += case.invalid
                click.echo(printable(f"{'ERROR' if case.invalid else 'FAIL'} {case.rule_id} :: {case.case} "
                                     f"({result.path}:{case.line}): {case.detail}"))
    click.echo(f"{passed} passed, {failed} failed" + (f", {broken} test file problem(s)" if broken else ""))
    if passed + failed + broken == 0:
        click.echo("no test case was run" + (f": no rule id contains '{printable(match)}'" if match else ""), err=True)
    # 3: a test file that cannot be read, or a case that is not a valid profile, is a broken library
    sys.exit(3 if broken else 1 if failed or not passed else 0)


@rules.command()
@rules_option
@click.option("--source", help="Only this source (e.g. bs8477, cra2015).")
@format_option("table", "json", "markdown")
def coverage(rules_dirs, source: str | None, fmt: str) -> None:
    """Per clause of each source: the rules or the manual question that cover it, and their fixtures."""
    from ..engine.library.coverage import coverage as compute
    from ..facts.located.problems import UsageError
    from ..facts.located.validation import suggest

    from ..facts.located.printable import printable

    library = load_rules(rules_dirs)
    catalogues = library.catalogues
    sources = [c.catalogue.source for c in catalogues]
    if source and source not in sources:
        raise UsageError(f"no clause catalogue for source '{source}'{suggest(source, sources)}; "
                         f"available: {', '.join(sources)}")
    items = [i for i in compute(library, catalogues) if not source or i.source == source]
    totals = []
    for src in (s for s in sources if not source or s == source):
        mine = [i for i in items if i.source == src]
        totals.append({"source": src, "items": len(mine),
                       "covered_by_rules": sum(i.state == "rules" for i in mine),
                       "manual": sum(i.state == "manual" for i in mine),
                       "uncovered": sum(i.state == "uncovered" for i in mine)})
    if fmt == "json":
        overall = {k: sum(t[k] for t in totals) for k in ("items", "covered_by_rules", "manual", "uncovered")}
        click.echo(json.dumps({"source": source or "all", **overall, "by_source": totals, "clauses": [
            {"source": i.source, "clause": i.clause, "title": i.title, "state": i.state, "rules": i.rules,
             "question_id": i.question_id, "question": i.question, "fixtures": i.fixtures} for i in items]},
            indent=2))
        return
    if fmt == "markdown":
        for t in totals:
            click.echo(f"## {printable(t['source'])}\n\n{t['items']} items: {t['covered_by_rules']} by rules, "
                       f"{t['manual']} manual, {t['uncovered']} uncovered.\n")
            click.echo("| clause | title | covered by |\n|---|---|---|")
            for i in (x for x in items if x.source == t["source"]):
                how = ", ".join(f"`{r}`" for r in i.rules) if i.rules else (
                    f"manual `{i.question_id}`: {i.question}" if i.question else "**uncovered**")
                click.echo(printable(f"| {i.clause} | {i.title} | {how} |"))
            click.echo("")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    table = Table(expand=True)
    for col, ratio in (("Source", 1), ("Clause", 1), ("Title", 4), ("Covered by", 4)):
        table.add_column(col, ratio=ratio, overflow="fold")
    for i in items:
        how = "\n".join(i.rules) if i.rules else (f"manual: {i.question_id}" if i.question else "UNCOVERED")
        table.add_row(*(Text(printable(x, lines=True)) for x in (i.source, i.clause, i.title, how)))
    console.print(table)
    for t in totals:
        console.print(Text(printable(f"{t['source']}: {t['items']} items, {t['covered_by_rules']} by rules, "
                                     f"{t['manual']} manual, {t['uncovered']} uncovered")))
