"""Clause catalogues: coverage per clause, manual questions as findings, answers that settle them."""

from __future__ import annotations

import json

import pytest
from conftest import SEARCH_RULE_CASES, write

RULE = """\
title: Callers can choose to speak to a person
refs: [{document: Code X, edition: "2014", clause: "6.3.6 f)"}]
strength: recommendation
stage: access
risk_area: quality_and_consistency
risk: {likelihood: possible, impact: moderate, consequences: [reputational]}
requires: {fact: website.search, eq: true}
gap: "No search."
remediation: Add search.
"""
TESTS = SEARCH_RULE_CASES
CATALOGUE = """\
source: codex
document: Code X
edition: "2014"
items:
  - clause: "6.3.6 f)"
    title: Callers can reach a person
  - clause: "5.2.6.2"
    title: Face-to-face staff are identifiable
    manual: Are staff who serve customers face to face readily identifiable?
"""
PROFILE = "as_of: 2026-11-23\norganisation: {name: Shop}\n"


@pytest.fixture
def lib(tmp_path):
    write(tmp_path, "lib/codex/codex-speak.yaml", RULE)
    write(tmp_path, "lib/codex/codex-speak.test.yaml", TESTS)
    write(tmp_path, "lib/clauses/codex.yaml", CATALOGUE)
    return tmp_path / "lib"


def test_coverage_json_counts_rules_manual_and_uncovered(run_cli, lib):
    result = run_cli("rules", "coverage", "--rules", str(lib), "--source", "codex", "--format", "json")
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("source", "items", "covered_by_rules", "manual", "uncovered")} == {
        "source": "codex", "items": 2, "covered_by_rules": 1, "manual": 1, "uncovered": 0}
    covered, manual = data["clauses"]
    assert covered["rules"] == ["codex-speak"] and covered["fixtures"][0].endswith("codex-speak.test.yaml")
    assert manual["question_id"] == "codex-5-2-6-2" and manual["state"] == "manual"


def test_coverage_markdown_lists_each_clause(run_cli, lib):
    out = run_cli("rules", "coverage", "--rules", str(lib), "--format", "markdown").stdout
    assert "| 6.3.6 f) | Callers can reach a person | `codex-speak` |" in out
    assert "2 items: 1 by rules, 1 manual, 0 uncovered." in out


def test_unknown_source_gets_a_suggestion(run_cli, lib):
    result = run_cli("rules", "coverage", "--rules", str(lib), "--source", "codx")
    assert result.exit_code == 2
    assert "no clause catalogue for source 'codx' (did you mean 'codex'?)" in result.stderr


def test_lint_finds_uncovered_items_and_uncatalogued_clauses(lib):
    from csaudit.engine.library.lint import lint

    write(lib, "clauses/codex.yaml", CATALOGUE + "  - clause: \"7.1\"\n    title: Performance is monitored\n")
    write(lib, "codex/codex-speak.yaml", RULE.replace('"6.3.6 f)"', '"6.3.6 g)"'))
    _, problems = lint([lib])
    messages = sorted(p.message for p in problems)
    assert messages == [
        "clause '6.3.6 f)' is covered by no rule and has no manual question",
        "clause '6.3.6 g)' is not in codex.yaml (did you mean '6.3.6 f)'?)",
        "clause '7.1' is covered by no rule and has no manual question",
    ]


def test_manual_questions_appear_in_check_and_answers_settle_them(run_cli, lib, tmp_path):
    profile = write(tmp_path, "p.yaml", PROFILE)
    args = ("--rules", str(lib), "--format", "json", "--fail-on", "none")
    data = json.loads(run_cli("check", str(profile), *args).stdout)
    manual = [f for f in data["findings"] if f["rule_id"] == "codex-5-2-6-2"]
    assert [f["status"] for f in manual] == ["manual"] and data["summary"]["manual"] == 1
    assert manual[0]["message"] == "Auditor question: Are staff who serve customers face to face readily identifiable?"

    answered = write(tmp_path, "a.yaml", PROFILE + "answers:\n  codex-5-2-6-2: {answer: no, note: no badges}\n")
    data = json.loads(run_cli("check", str(answered), *args).stdout)
    (finding,) = [f for f in data["findings"] if f["rule_id"] == "codex-5-2-6-2"]
    assert finding["status"] == "gap" and finding["message"].endswith("Note: no badges")
    assert finding["facts_used"] == [{"path": "answers.codex-5-2-6-2", "value": "no", "line": 4}]

    yes = write(tmp_path, "y.yaml", PROFILE + "answers: {codex-5-2-6-2: yes}\n")
    data = json.loads(run_cli("check", str(yes), *args).stdout)
    assert [f["status"] for f in data["findings"] if f["rule_id"] == "codex-5-2-6-2"] == ["met"]


def test_answer_to_an_unknown_question_is_an_input_error(run_cli, lib, tmp_path):
    profile = write(tmp_path, "p.yaml", PROFILE + "answers: {codex-5-2-6-3: yes}\n")
    result = run_cli("check", str(profile), "--rules", str(lib))
    assert result.exit_code == 2
    assert (f"{profile}:3:11: answers.codex-5-2-6-3: no manual question has id 'codex-5-2-6-3' "
            f"(did you mean 'codex-5-2-6-2'?)") in result.stderr
