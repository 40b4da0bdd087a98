"""The risk register (NOS INSCS027's fields, by stage and by the CIIA's nine areas) and the action plan
(by rating and strength, owner, due date, what would close each gap; waivers apart)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import EXAMPLES, write
from report_helpers import label, lib, make_profile, profile  # noqa: F401 (lib, profile: fixtures)



def _risks(run_cli, profile, lib, *args):
    result = run_cli("report", "risks", str(profile), "--rules", str(lib), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_register_has_each_gap_with_the_fields_nos_inscs027_asks_for(run_cli, profile, lib):
    data = _risks(run_cli, profile, lib)
    assert [r["rule_id"] for r in data["risks"]] == [
        "rep-helpline-basic-rate", "rep-complaints-published", "testcode-9-1", "rep-surveys"]
    first = data["risks"][0]
    assert first["ref"] == "R-001"
    assert (first["stage"], first["stage_title"]) == ("after_sales", "After sales")
    assert (first["likelihood"], first["impact"], first["score"], first["rating"]) == (
        "almost_certain", "moderate", 15, "high")
    assert first["consequences"] == ["financial", "legal"]
    assert first["owner"] == {"role": "Customer Experience Director", "name": "Priya Natarajan",
                              "source": "governance.senior_manager", "line": 12}
    assert first["remediation"] == "Move Helpline to an 03 number."
    assert (first["due"], first["status"]) == ("2026-12-23", "open")
    assert data["due_days"] == {"high": 30, "medium": 90, "low": 180}


def test_register_groups_by_stage_worst_first_and_by_all_nine_areas(run_cli, profile, lib):
    data = _risks(run_cli, profile, lib)
    # Review holds two medium risks (9 + 6): as exposed as after sales, which leads on its high risk.
    assert [(g["stage"], g["high"], g["medium"], g["low"], g["exposure"]) for g in data["by_stage"]] == [
        ("after_sales", 1, 0, 0, 15), ("review", 0, 2, 0, 15), ("complaints", 0, 1, 0, 9)]
    assert [g["title"] for g in data["by_area"]] == [
        "Culture", "Customer insight", "Governance", "Fraud", "Colleagues", "Legal and regulatory",
        "Customer accessibility", "Quality and consistency", "Crisis management"]
    assert {g["risk_area"]: g["refs"] for g in data["by_area"] if g["refs"]} == {
        "legal_and_regulatory": ["R-001"], "quality_and_consistency": ["R-002"], "governance": ["R-003"],
        "customer_insight": ["R-004"]}
    assert data["unassessed"]   # the unknown is not rated into the register


def test_owner_is_the_role_a_rule_names_when_it_names_one(run_cli, profile, lib):
    owners = {r["rule_id"]: r["owner"] for r in _risks(run_cli, profile, lib)["risks"]}
    assert owners["rep-complaints-published"]["role"] == "Complaints lead"          # a role of the profile
    assert owners["rep-complaints-published"]["source"] == "authority.roles[complaints-lead]"
    assert owners["rep-surveys"] == {"role": "Head of insight", "name": None, "source": "rule", "line": None}


def test_owner_of_a_sole_trader_and_of_a_profile_naming_nobody(run_cli, tmp_path, lib):
    owner = make_profile(tmp_path / "owner.yaml", replace={
        "  senior_manager: {name: Priya Natarajan, role: Customer Experience Director}":
            "  owner_responsible: true"})
    assert _risks(run_cli, owner, lib)["risks"][0]["owner"]["role"] == "Business owner"
    nobody = make_profile(tmp_path / "nobody.yaml", replace={
        "  senior_manager: {name: Priya Natarajan, role: Customer Experience Director}": "  benchmarking: true"})
    assert "not named" in _risks(run_cli, nobody, lib)["risks"][0]["owner"]["role"]


def test_due_days_and_risk_bands_are_configurable(run_cli, profile, lib):
    data = _risks(run_cli, profile, lib, "--due-days", "7,30,60", "--risk-bands", "20,10")
    first = data["risks"][0]
    assert first["rating"] == "medium" and first["due"] == "2026-12-23"   # 15 < 20: medium, 30 days
    assert data["risk_bands"] == {"high": 20, "medium": 10}
    bad = run_cli("report", "risks", str(profile), "--rules", str(lib), "--due-days", "7,30")
    assert bad.exit_code == 2 and "three whole numbers" in bad.stderr


def test_register_csv_and_markdown_and_table(run_cli, profile, lib):
    rows = list(csv.DictReader(io.StringIO(run_cli("report", "risks", str(profile), "--rules", str(lib), "--format",
                                                   "csv").stdout)))
    assert [r["ref"] for r in rows] == ["R-001", "R-002", "R-003", "R-004"]
    assert rows[0]["stage"] == "After sales" and rows[0]["consequences"] == "financial | legal"
    md = run_cli("report", "risks", str(profile), "--rules", str(lib), "--format", "markdown").stdout
    assert md.startswith("# Risk register: Test Shop\n")
    assert "#### After sales" in md and "| Culture | 0 | 0 | 0 | none |" in md
    by_area = run_cli("report", "risks", str(profile), "--rules", str(lib), "--format", "markdown", "--by", "area")
    assert "#### Legal and regulatory" in by_area.stdout
    table = run_cli("report", "risks", str(profile), "--rules", str(lib), env={"COLUMNS": "80"}).stdout
    assert "R-001  high  legal duty; due 2026-12-23; open" in table
    assert all(len(line) <= 80 for line in table.splitlines())


def test_action_plan_orders_by_rating_and_strength_and_says_what_closes_each(run_cli, profile, lib, tmp_path):
    waivers = write(tmp_path, "waivers.yaml", "waivers:\n  - rule: rep-surveys\n    justification: Survey tool "
                    "arrives in March\n    approver: Jo Bloggs, COO\n    granted: 2026-10-01\n    expires: 2027-03-31\n")
    result = run_cli("report", "actions", str(profile), "--rules", str(lib), "--format", "json",
                     "--waivers", str(waivers))
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert [(a["ref"], a["rule_id"], a["rating"], a["strength"]) for a in plan["actions"]] == [
        ("A-01", "rep-helpline-basic-rate", "high", "duty"),
        ("A-02", "rep-complaints-published", "medium", "recommendation"),
        ("A-03", "testcode-9-1", "medium", "recommendation")]
    assert plan["actions"][0]["to_close"] == [
        f"{label('channel.basic_rate')}: needs yes; now no (channels[help].basic_rate, line 4)"]
    assert plan["actions"][0]["due"] == "2026-12-23" and plan["actions"][1]["due"] == "2027-02-21"
    assert [(w["rule_id"], w["waiver"]["justification"]) for w in plan["waived"]] == [
        ("rep-surveys", "Survey tool arrives in March")]
    assert [(u["rule_id"], u["missing_facts"]) for u in plan["to_establish"]] == [
        ("rep-acknowledge", ["policies.complaints.acknowledge_within_days"])]
    table = run_cli("report", "actions", str(profile), "--rules", str(lib), "--waivers", str(waivers),
                    env={"COLUMNS": "80"}).stdout
    assert "Waived: justified deviations (1)" in table and "To establish" in table
    assert f"Closes when: {label('channel.basic_rate')[:20]}" in table


def test_report_writes_to_a_file(run_cli, profile, lib, tmp_path):
    out = tmp_path / "plan.csv"
    result = run_cli("report", "actions", str(profile), "--rules", str(lib), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text().startswith("ref,action,rule_id,")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_has_a_register_and_plan(run_cli, example):
    data = json.loads(run_cli("report", "risks", str(example), "--format", "json").stdout)
    check = json.loads(run_cli("check", str(example), "--format", "json", "--fail-on", "none").stdout)
    assert len(data["risks"]) == check["summary"]["gap"]
    assert all(r["owner"]["role"] and r["due"] and r["stage_title"] for r in data["risks"])
    plan = json.loads(run_cli("report", "actions", str(example), "--format", "json").stdout)
    assert all(a["to_close"] for a in plan["actions"] if not a["rule_id"].startswith(("bs8477-", "cra2015-s-")))
