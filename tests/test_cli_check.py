"""csaudit check from the command line: formats, exit codes, and every error path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, HELPLINE_RULE, write

RULE = HELPLINE_RULE
ADVICE = RULE.replace("strength: duty", "strength: recommendation").replace("Helplines cost", "Lines cost")
PROFILE = """\
as_of: 2026-11-23
organisation: {name: Test Shop}
channels:
  - {id: help, name: Helpline, kind: phone, number: "0845 123 4567"}
  - {id: mail, kind: email}
"""


@pytest.fixture
def rules_dir(tmp_path):
    write(tmp_path, "rules/test/test-basic-rate.yaml", RULE)
    write(tmp_path, "rules/test/test-basic-rate-advice.yaml", ADVICE)
    return tmp_path / "rules"


@pytest.fixture
def profile(tmp_path):
    return write(tmp_path, "profile.yaml", PROFILE)


def test_json_output_has_the_stable_shape(run_cli, rules_dir, profile):
    result = run_cli("check", str(profile), "--rules", str(rules_dir), "--format", "json", "--fail-on", "none")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"csaudit", "profile", "evaluated_as_of", "engine", "library", "summary", "findings"}
    assert data["profile"] == {"name": "Test Shop", "path": str(profile), "as_of": "2026-11-23"}
    assert data["engine"] == "durable" and data["library"]["rules"] == 2
    assert data["summary"] == {"gap": 2, "met": 0, "not_applicable": 2, "unknown": 0} | {
        k: v for k, v in data["summary"].items() if k not in ("gap", "met", "not_applicable", "unknown")}
    gap = next(f for f in data["findings"] if f["status"] == "gap" and f["strength"] == "duty")
    assert gap["message"] == "Helpline (0845 123 4567) is a service-charge number."
    assert gap["subject"] == {"kind": "channel", "key": "help", "name": "Helpline"}
    assert gap["refs"] == [{"document": "Test Regulations", "edition": None, "clause": "reg. 1", "url": None}]
    assert gap["risk"]["rating"] == "medium"
    assert gap["facts_used"] == [{"path": "channels[help].kind", "value": "phone", "line": 4},
                                 {"path": "channels[help].basic_rate", "value": False, "line": 4}]
    assert len(gap["fingerprint"]) == 16


@pytest.mark.parametrize("fail_on, code", [("duty", 1), ("recommendation", 1), ("any", 1), ("none", 0)])
def test_fail_on_sets_the_exit_code(run_cli, rules_dir, profile, fail_on, code):
    result = run_cli("check", str(profile), "--rules", str(rules_dir), "--fail-on", fail_on)
    assert result.exit_code == code


def test_fail_on_duty_ignores_recommendation_gaps(run_cli, tmp_path, profile):
    write(tmp_path, "only/test/test-basic-rate-advice.yaml", ADVICE)
    args = ("check", str(profile), "--rules", str(tmp_path / "only"))
    assert run_cli(*args, "--fail-on", "duty").exit_code == 0
    assert run_cli(*args, "--fail-on", "recommendation").exit_code == 1


@pytest.mark.parametrize("only_advice, gate, code", [
    (False, "none", 0), (False, "duty", 1), (False, "any", 1), (True, "duty", 0), (True, "recommendation", 1)])
def test_fail_on_unknown_stops_a_profile_that_states_too_little(run_cli, tmp_path, only_advice, gate, code):
    write(tmp_path, "lib/test/test-basic-rate-advice.yaml", ADVICE)
    if not only_advice:
        write(tmp_path, "lib/test/test-basic-rate.yaml", RULE)
    silent = write(tmp_path, "silent.yaml", "as_of: 2026-11-23\norganisation: {name: Quiet Shop}\n")
    result = run_cli("check", str(silent), "--rules", str(tmp_path / "lib"), "--fail-on", "any",
                     "--fail-on-unknown", gate)
    assert result.exit_code == code, result.output


def test_table_lists_gaps_and_counts_the_other_groups(run_cli, rules_dir, profile):
    out = run_cli("check", str(profile), "--rules", str(rules_dir), "--fail-on", "none").stdout
    lines = out.strip().splitlines()
    assert lines[0].strip() == "Gaps (2)"
    assert "Not applicable: 2 (show with --status not_applicable)" in lines
    # At 80 columns (the runner's width) the summary wraps between words rather than being split by the terminal.
    assert " ".join(lines[-2:]) == ("Test Shop: 2 gap(s) (1 legal), 0 unknown, 0 met, 2 not applicable — 2 rules, "
                                    "law as of 2026-11-23, durable engine")
    assert "Helpline (0845 123 4567) is a" in out and "legal duty" in out and "risk medium" in out


def test_status_option_lists_the_chosen_groups(run_cli, rules_dir, profile):
    out = run_cli("check", str(profile), "--rules", str(rules_dir), "--fail-on", "none",
                  "--status", "not_applicable").stdout
    assert "Not applicable (2)" in out and "Gaps: 2 (show with --status gap)" in out


def test_findings_are_ordered_gaps_first_and_duties_before_recommendations(run_cli, rules_dir, profile):
    data = json.loads(run_cli("check", str(profile), "--rules", str(rules_dir), "--format", "json",
                              "--fail-on", "none").stdout)
    order = [(f["status"], f["strength"]) for f in data["findings"]]
    assert order == [("gap", "duty"), ("gap", "recommendation"),
                     ("not_applicable", "duty"), ("not_applicable", "recommendation")]


def test_python_engine_gives_the_same_findings(run_cli, rules_dir, profile):
    args = ("check", str(profile), "--rules", str(rules_dir), "--format", "json", "--fail-on", "none")
    durable = json.loads(run_cli(*args).stdout)
    python = json.loads(run_cli(*args, "--engine", "python").stdout)
    assert python["engine"] == "python"
    assert python["findings"] == durable["findings"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_check_cleanly_on_both_engines(run_cli, example):
    outputs = []
    for engine in ("durable", "python"):
        result = run_cli("check", str(example), "--format", "json", "--engine", engine, "--fail-on", "none")
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    assert outputs[0]["findings"] == outputs[1]["findings"]
    assert outputs[0]["summary"]["gap"] > 0 and outputs[0]["summary"]["met"] > 0


def test_missing_profile_is_exit_2_with_a_clear_message(run_cli, tmp_path):
    result = run_cli("check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.yaml'}: no such file"


def test_invalid_profile_is_exit_2_listing_each_problem(run_cli, tmp_path):
    path = write(tmp_path, "bad.yaml", "as_of: 2026-11-23\norganisation: {name: X, sise: large}\n")
    result = run_cli("check", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {path}: 1 problem(s) in the profile",
        f"  {path}:2:25: organisation.sise: unknown key 'sise' (did you mean 'size'?)",
    ]


def test_bad_date_option_is_exit_2(run_cli, profile):
    result = run_cli("check", str(profile), "--as-of", "23/11/2026")
    assert result.exit_code == 2
    assert "'23/11/2026' is not a date; use YYYY-MM-DD" in result.stderr


def test_invalid_rule_library_is_exit_3(run_cli, tmp_path, profile):
    write(tmp_path, "broken/test/test-broken.yaml", RULE.replace("channel.basic_rate", "channel.basic_rat"))
    result = run_cli("check", str(profile), "--rules", str(tmp_path / "broken"))
    assert result.exit_code == 3
    assert "unknown fact 'channel.basic_rat' (did you mean 'channel.basic_rate'?)" in result.stderr


def test_as_of_before_a_rule_comes_into_force(run_cli, tmp_path, profile):
    write(tmp_path, "dated/test/test-dated.yaml", RULE + "valid_from: 2027-01-01\n")
    args = ("check", str(profile), "--rules", str(tmp_path / "dated"), "--format", "json", "--fail-on", "none")
    before = json.loads(run_cli(*args).stdout)
    after = json.loads(run_cli(*args, "--as-of", "2027-06-01").stdout)
    assert {f["message"] for f in before["findings"]} == {"Not applicable: in force from 2027-01-01."}
    assert after["evaluated_as_of"] == "2027-06-01"
    assert {f["status"] for f in after["findings"]} == {"gap", "not_applicable"}


SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "schemas" / "sarif-schema-2.1.0.json"


def test_sarif_output_validates_against_the_official_schema(run_cli, tmp_path):
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text())
    waivers = write(tmp_path, "waivers.yaml", "")
    for example in EXAMPLES:
        result = run_cli("check", str(example), "--format", "sarif", "--fail-on", "none",
                         "--waivers", str(waivers))
        sarif = json.loads(result.stdout)
        jsonschema.validate(sarif, schema)
        run = sarif["runs"][0]
        kinds = {r["kind"] for r in run["results"]}
        assert "fail" in kinds and kinds <= {"fail", "open"}   # gaps and unknowns only (passes: --sarif-passes)
        fails = [r for r in run["results"] if r["kind"] == "fail"]
        assert all(r["level"] in ("error", "warning", "note") for r in fails)
        assert all(r["level"] == "none" for r in run["results"] if r["kind"] != "fail")
        assert len({r["partialFingerprints"]["csaudit/v1"] for r in run["results"]}) == len(run["results"])


def test_risk_bands_change_the_rating(run_cli, rules_dir, profile):
    args = ("check", str(profile), "--rules", str(rules_dir), "--format", "json", "--fail-on", "none")
    default = json.loads(run_cli(*args).stdout)["findings"][0]["risk"]
    strict = json.loads(run_cli(*args, "--risk-bands", "12,4").stdout)["findings"][0]["risk"]
    assert (default["rating"], strict["rating"]) == ("medium", "high")  # likely x moderate = 12


@pytest.mark.parametrize("bands, message", [("high", "expected two whole numbers HIGH,MEDIUM"),
                                            ("6,15", "need 1 <= MEDIUM < HIGH <= 25")])
def test_bad_risk_bands_are_usage_errors(run_cli, rules_dir, profile, bands, message):
    result = run_cli("check", str(profile), "--rules", str(rules_dir), "--risk-bands", bands)
    assert result.exit_code == 2 and message in result.stderr
