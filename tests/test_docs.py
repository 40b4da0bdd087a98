"""The README's commands are the ones CI runs, and every command is documented with help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()


def _setup_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)\n```", README, re.S).group(1)
    return block.splitlines()


def test_readme_opens_with_the_two_setup_commands():
    install_and_check, install_and_test = _setup_commands()
    assert install_and_check.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert ".venv/bin/csaudit check facts/examples/" in install_and_check
    assert install_and_test.endswith(".venv/bin/pytest")
    example = install_and_check.rsplit(" ", 1)[1]
    assert (REPO / example).is_file()


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    assert _setup_commands()[1] in ci.splitlines()


COMMANDS = [("check",), ("facts", "validate"), ("facts", "schema"), ("facts", "list"), ("rules", "list"),
            ("rules", "show"), ("rules", "lint"), ("rules", "test"), ("rules", "coverage"), ("runs", "list"),
            ("runs", "show"), ("runs", "diff"), ("runs", "trend"), ("explain",), ("report", "risks"),
            ("report", "actions"), ("report", "schema"), ("init",), ("ask",)]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(run_cli, command):
    result = run_cli(*command, "--help")
    assert result.exit_code == 0 and "Usage: " in result.stdout
    assert len(result.stdout.split("\n\n")[1].strip()) > 10


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(command):
    assert f"csaudit {' '.join(command)}" in README


def test_profile_schema_validates_every_example(run_cli):
    import json

    import jsonschema
    import yaml

    schema = json.loads(run_cli("facts", "schema").stdout)
    for example in sorted((REPO / "facts" / "examples").glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(example.read_text()), default=str))  # dates as text
        jsonschema.validate(data, schema)


def test_rules_show_explains_a_rule(run_cli):
    out = run_cli("rules", "show", "ccr2013-reg41-basic-rate-helpline").stdout
    assert "requires:   channel.basic_rate is true" in out
    assert "https://www.legislation.gov.uk/uksi/2013/3134/regulation/41" in out


def test_rules_show_suggests_a_close_id(run_cli):
    result = run_cli("rules", "show", "ccr2013-reg41-basic-rate-helpln")
    assert result.exit_code == 2
    assert "(did you mean 'ccr2013-reg41-basic-rate-helpline'?)" in result.stderr
