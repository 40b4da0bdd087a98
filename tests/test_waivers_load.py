"""Waiver files: every problem reported at once with file:line, exit 3; duties cannot be waived."""

from __future__ import annotations

import pytest
from audit_helpers import invoke, make_rules, waiver_yaml, write_profile
from csaudit.engine.audit.waivers import load_waivers
from csaudit.engine.errors import WaiverError

GOOD = {"rule": "demo-complaints-published", "justification": "Procedure being rewritten",
        "approver": "Jo Bloggs, COO", "granted": "2026-01-01", "expires": "2026-12-31"}


@pytest.fixture
def folder(tmp_path):
    make_rules(tmp_path)
    write_profile(tmp_path / "shop")
    return tmp_path


def _check(folder, *extra):
    return invoke("check", folder / "shop" / "profile.yaml", "--rules", folder / "rules", "--engine", "python",
                  *extra)


def _write(folder, text):
    path = folder / "shop" / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_waivers_load_reads_every_field_with_its_line(folder):
    path = _write(folder, waiver_yaml(GOOD, {**GOOD, "rule": "demo-customer-surveys", "subject": "organisation"}))
    first, second = load_waivers(path)
    assert (first.rule_id, first.subject, first.approver, first.line, first.column) == (
        "demo-complaints-published", None, "Jo Bloggs, COO", 2, 5)
    assert (second.rule_id, second.subject, second.source) == ("demo-customer-surveys", "organisation",
                                                               f"{path}:7")
    assert str(first.expires) == "2026-12-31"


def test_waivers_without_justification_or_approver_are_rejected_with_lines(folder):
    missing_justification = {k: v for k, v in GOOD.items() if k != "justification"}
    missing_approver = {k: v for k, v in GOOD.items() if k != "approver"}
    path = _write(folder, waiver_yaml(missing_justification, missing_approver, {**GOOD, "approver": "'  '"}))
    result = _check(folder)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {path}: 3 problem(s) in the waivers\n"
        f"  {path}:2:5: waivers[0].justification: required key 'justification' is missing\n"
        f"  {path}:6:5: waivers[1].approver: required key 'approver' is missing\n"
        f"  {path}:12:5: waivers[2].approver: must not be blank; got '  '\n")


def test_waivers_unknown_key_and_bad_dates(folder):
    path = _write(folder, waiver_yaml({**GOOD, "expires": "2025-12-31"}, {**GOOD, "aprover": "x"},
                                      {**GOOD, "granted": "soon"}))
    with pytest.raises(WaiverError) as err:
        load_waivers(path)
    assert [p.render() for p in err.value.problems] == [
        f"{path}:2:5: waivers[0]: expires is before granted",
        f"{path}:12:5: waivers[1].aprover: unknown key 'aprover' (did you mean 'approver'?)",
        f"{path}:16:5: waivers[2].granted: Input should be a valid date or datetime, input is too short; got "
        "'soon'",
    ]
    assert err.value.exit_code == 3


def test_waivers_file_that_is_not_a_mapping(folder):
    path = _write(folder, "- rule: x\n")
    result = _check(folder)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {path}: not a waiver file\n"
                             f"  {path}:1:1: expected a mapping with a 'waivers' list\n")


def test_waivers_invalid_yaml_is_exit_3(folder):
    path = _write(folder, "waivers: [\n")
    result = _check(folder)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {path}: invalid YAML\n  {path}:2:1: ")


@pytest.mark.parametrize("rule, problem", [
    ("demo-phone-basic-rate", "rule 'demo-phone-basic-rate' is a legal duty and cannot be waived; only "
                              "recommendations and good practice can be"),
    ("demo-complaints-publish", "no rule 'demo-complaints-publish' in the library (did you mean "
                                "'demo-complaints-published'?)"),
])
def test_waivers_of_a_legal_duty_or_unknown_rule_are_refused_naming_the_rule(folder, rule, problem):
    path = _write(folder, waiver_yaml({**GOOD, "rule": rule, "subject": "help"}))
    result = _check(folder)
    assert result.exit_code == 3
    assert result.stderr == f"Error: {path}: 1 problem(s) in the waivers\n  {path}:2:5: waivers[0].rule: {problem}\n"


def test_waivers_option_names_a_file_elsewhere(folder):
    other = folder / "elsewhere.yaml"
    other.write_text(waiver_yaml({**GOOD, "rule": "demo-phone-basic-rate"}))
    _write(folder, waiver_yaml(GOOD))
    result = _check(folder, "--waivers", other)
    assert result.exit_code == 3
    assert f"{other}:2:5: waivers[0].rule: rule 'demo-phone-basic-rate' is a legal duty" in result.stderr
