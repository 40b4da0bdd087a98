"""csaudit facts: validate a profile, export its JSON Schema, list the facts rules can use."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def facts() -> None:
    """Work with organisation profiles."""


@facts.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
def validate(profile: Path) -> None:
    """Check that PROFILE is a valid profile; list every problem with its line."""
    from ..facts.loader import load_profile

    loaded = load_profile(profile)
    flat = loaded.flat()
    stated = len(flat.organisation.values) + sum(len(s.values) for c in flat.collections.values() for s in c or ())
    from ..facts.located.printable import printable

    click.echo(printable(f"{profile}: valid profile of {loaded.profile.organisation.name} as of "
                         f"{loaded.profile.as_of.isoformat()} ({stated} facts stated)"))


@facts.command()
def schema() -> None:
    """Print the JSON Schema of a profile (for editor autocompletion)."""
    from ..facts.loader import profile_json_schema

    click.echo(json.dumps(profile_json_schema(), indent=2))


@facts.command("list")
@click.option("--subject", help="Only facts of this subject (organisation, channel, role).")
@click.option("--explain", "explained", is_flag=True,
              help="Under each fact, its unit, an example and what each of its values means.")
def list_facts(subject: str | None, explained: bool) -> None:
    """List every fact path a rule may read, with its type."""
    from ..facts.catalogue import catalogue
    from ..facts.glossary import explain

    for path, info in catalogue().items():
        if subject and info.subject != subject:
            continue
        kind = f"{info.kind}({', '.join(info.values)})" if info.values else info.kind
        derived = " [derived]" if info.derived else ""
        click.echo(f"{path}\t{kind}{derived}\t{info.description}")
        if explained:
            for line in explain(info).lines()[1:]:
                click.echo(f"    {line}")
