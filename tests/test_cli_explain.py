"""csaudit explain: the argument behind one finding, readable without the rule file."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES
from report_helpers import label, lib, make_library, profile  # noqa: F401 (lib, profile: fixtures)



def _explain(run_cli, profile, lib, *args):
    result = run_cli("explain", str(profile), *args, "--rules", str(lib), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_gap_shows_clause_rule_conditions_with_values_and_lines_and_conclusion(run_cli, profile, lib):
    out = _explain(run_cli, profile, lib, "rep-helpline-basic-rate", "--subject", "help")
    assert out.splitlines()[0] == "rep-helpline-basic-rate: Helplines cost no more than a basic-rate call"
    for expected in (
            "Test Regulations 2013 (SI 2013/1) reg. 41  https://example.org/reg41",
            "applies when: channel.kind is phone",
            "requires: channel.basic_rate is true",
            f"✓ {label('channel.kind')}: needs phone; is phone [channels[help].kind, line 4]",
            f"✗ {label('channel.basic_rate')}: needs yes; is no "
            "[channels[help].basic_rate, line 4, read from channels[help].number]",
            "Gap: Helpline (0845 123 4567) costs more than a basic-rate call.",
            "Fix: Move Helpline to an 03 number.",
            "Owner: Customer Experience Director (Priya Natarajan)",
            "What would close it",
            "tariff-sheet: Tariff sheet, version 3 https://example.org/tariff seen 2026-10-01 confirmed by J. Okafor"):
        assert expected in out, expected


def test_an_unknown_lists_the_questions_that_would_settle_it(run_cli, profile, lib):
    out = _explain(run_cli, profile, lib, "rep-acknowledge")
    assert f"? {label('policies.complaints.acknowledge_within_days')}: needs at most 5 days; not stated" in out
    assert "Questions that would settle it" in out
    assert "State policies.complaints.acknowledge_within_days (a number)." in out


def test_an_answered_question_shows_the_answer_and_its_evidence(run_cli, profile, lib):
    out = _explain(run_cli, profile, lib, "testcode-9-1")
    assert "asks: Are staff briefed on the risks?" in out
    assert "✗ The auditor's answer to question testcode-9-1; is no [answers.testcode-9-1, line" in out
    assert "answer: Interview with the team lead. seen 2026-10-20 confirmed by J. Okafor Nobody briefs the staff." in out


def test_an_unanswered_question_says_how_to_answer_it(run_cli, profile, lib):
    out = _explain(run_cli, profile, lib, "testcode-9-2")
    assert "Are risks reviewed each quarter? State answers.testcode-9-2" in out


def test_without_subject_every_subject_is_explained(run_cli, profile, lib):
    data = json.loads(_explain(run_cli, profile, lib, "rep-helpline-basic-rate", "--format", "json"))
    assert [(e["subject"]["key"], e["status"]) for e in data] == [("help", "gap"), ("mail", "not_applicable")]
    gap = data[0]
    assert gap["requires"]["holds"] is False and gap["requires"]["line"] == 4
    assert gap["applies"]["value"] == "phone"
    assert gap["to_close"] and gap["evidence"][0]["id"] == "tariff-sheet"
    assert data[1]["applies"]["holds"] is False and data[1]["requires"] is None


def test_markdown_explanation(run_cli, profile, lib):
    md = _explain(run_cli, profile, lib, "rep-helpline-basic-rate", "--subject", "Helpline", "--format", "markdown")
    assert md.startswith("## `rep-helpline-basic-rate`: Helplines cost no more than a basic-rate call")
    assert "[Test Regulations 2013 reg. 41](https://example.org/reg41)" in md
    assert f"- ✗ {label('channel.basic_rate')}" in md


def test_unknown_rule_and_subject_are_usage_errors_with_suggestions(run_cli, profile, lib):
    result = run_cli("explain", str(profile), "rep-helpline-basic-rat", "--rules", str(lib))
    assert result.exit_code == 2 and "(did you mean 'rep-helpline-basic-rate'?)" in result.stderr
    result = run_cli("explain", str(profile), "rep-helpline-basic-rate", "--subject", "hlp", "--rules", str(lib))
    assert result.exit_code == 2 and "its subjects: help, mail" in result.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_gap_and_unknown_of_every_example_can_be_explained(example, library):
    import datetime as dt

    from csaudit.engine.evaluate import run_check
    from csaudit.engine.explain import explain_findings
    from csaudit.facts.loader import load_profile

    loaded = load_profile(example)
    report = run_check(loaded, library, engine="python")
    open_ = [f for f in report.findings if f.status in ("gap", "unknown")]
    explained = explain_findings(open_, loaded, library, dt.date.fromisoformat(report.evaluated_as_of))
    for f in open_:
        e = explained[f.fingerprint]
        if e.kind == "question":
            continue
        top = e.requires or e.applies
        if top is None:   # a rule about a kind of subject the profile does not list: it asks for the list
            assert e.notes and (f.status != "unknown" or e.questions), f.rule_id
            continue
        # The tree reaches the same conclusion as the check.
        if f.status == "gap":
            assert e.requires.truth is False and e.to_close, f.rule_id
        else:
            assert None in (e.applies.truth if e.applies else True, e.requires.truth if e.requires else None)
            assert e.questions, f"{f.rule_id}: an unknown must say what would settle it"


def test_only_the_conditions_that_decided_a_gap_are_shown_unless_full(run_cli, profile, tmp_path):
    import yaml

    lib = make_library(tmp_path / "lib")
    rule = {"title": "Complaints are handled to a written standard", "strength": "recommendation",
            "stage": "complaints", "risk_area": "quality_and_consistency", "refs": [{"document": "Test Code",
                                                                                    "clause": "6.3"}],
            "risk": {"likelihood": "possible", "impact": "moderate", "consequences": ["reputational"]},
            "requires": {"all": [{"fact": "channel.kind", "eq": "phone"}, {"fact": "channel.basic_rate", "eq": True},
                                 {"fact": "channel.name", "exists": True}]},
            "subject": "channel", "gap": "{subject} falls short.", "remediation": "Fix {subject}."}
    (lib / "test" / "rep-three-parts.yaml").write_text(yaml.safe_dump(rule))
    short = _explain(run_cli, profile, lib, "rep-three-parts", "--subject", "help")
    assert f"✗ {label('channel.basic_rate')}" in short
    assert f"{label('channel.kind')}: needs phone" not in short
    assert "2 other conditions that did not decide it, not shown" in short
    full = _explain(run_cli, profile, lib, "rep-three-parts", "--subject", "help", "--full")
    assert f"✓ {label('channel.kind')}: needs phone" in full and "not shown" not in full
    data = json.loads(_explain(run_cli, profile, lib, "rep-three-parts", "--subject", "help", "--format", "json"))
    assert data[0]["requires"]["hidden"] == 2 and len(data[0]["requires"]["children"]) == 1
