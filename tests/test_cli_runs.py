"""csaudit check --db/--cycle and csaudit runs list/show/diff/trend, end to end."""

from __future__ import annotations

import json
import os

import pytest
from audit_helpers import Audit, invoke, make_rules, waiver_yaml, write_profile
from csaudit.engine.audit.store import open_store

WIDE = {"COLUMNS": "300"}
WAIVER = {"rule": "demo-acknowledge-complaints", "justification": "New ticketing system from October",
          "approver": "Jo Bloggs, COO", "granted": "2026-05-01", "expires": "2026-09-30"}


@pytest.fixture
def audit(tmp_path):
    return Audit(tmp_path)


def _three_cycles(audit: Audit) -> None:
    """Q1: two duty gaps. Q2: the helpline moves to 03, the ADR duty lapses, a waiver is granted.
    Q3: the waiver has expired and a sales line on 0871 appears."""
    audit.check("2026-Q1", as_of="2026-03-31")
    audit.check("2026-Q2", as_of="2026-06-30", number="0345 123 4567", published=True, surveys=True,
                waivers=waiver_yaml(WAIVER))
    audit.check("2026-Q3", as_of="2026-10-31", number="0345 123 4567", published=True, surveys=True,
                extra_channel=True, waivers=waiver_yaml(WAIVER))


# --- when check records ------------------------------------------------------------------------


def test_cli_plain_check_writes_nothing_in_the_working_directory(tmp_path, monkeypatch):
    rules = make_rules(tmp_path / "lib")
    profile = write_profile(tmp_path / "lib" / "shop")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSAUDIT_DB", raising=False)
    before = sorted(os.listdir(tmp_path))
    assert invoke("check", profile, "--rules", rules, "--engine", "python").exit_code == 1
    assert sorted(os.listdir(tmp_path)) == before


def test_cli_cycle_alone_records_in_the_working_directory(tmp_path, monkeypatch):
    rules = make_rules(tmp_path)
    profile = write_profile(tmp_path / "shop")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CSAUDIT_DB", raising=False)
    result = invoke("check", profile, "--rules", rules, "--engine", "python", "--cycle", "2026-Q1")
    assert result.exit_code == 1
    assert "csaudit: recorded run 1 of Shop Ltd, cycle 2026-Q1, in csaudit.db\n" in result.stderr
    with open_store(tmp_path / "csaudit.db", create=False) as store:
        [run] = store.runs()
    assert (run.cycle, run.organisation, run.evaluated_as_of, run.engine) == ("2026-Q1", "Shop Ltd", "2026-03-31",
                                                                              "python")
    assert run.library_source == str(rules)
    assert run.summary.gap == 3


def test_cli_csaudit_db_names_the_database_and_db_overrides_it(tmp_path):
    rules = make_rules(tmp_path)
    profile = write_profile(tmp_path / "shop")
    env_db, flag_db = tmp_path / "env.db", tmp_path / "flag.db"
    args = ("check", profile, "--rules", rules, "--engine", "python")
    assert invoke(*args, env={"CSAUDIT_DB": str(env_db), "CSAUDIT_RUN_BY": "A. Auditor"}).exit_code == 1
    assert invoke(*args, "--db", flag_db, env={"CSAUDIT_DB": str(env_db)}).exit_code == 1
    with open_store(env_db, create=False) as store:
        [run] = store.runs()
        assert (run.cycle, run.run_by) == ("2026-03-31", "A. Auditor")
        stored = store.load(run.id)
    with open_store(flag_db, create=False) as store:
        assert len(store.runs()) == 1
    assert stored.rules["demo-adr-signposted"].valid_to == "2026-04-05"
    assert stored.facts["channels[help].number"].value == "0845 123 4567"
    assert stored.facts["channels[help].basic_rate"].derived_from == "channels[help].number"
    with open_store(env_db, create=False) as store:
        assert store.profile_text(run.id) == profile.read_text()


# --- runs list and show --------------------------------------------------------------------------


def test_cli_runs_list_filters_by_organisation(tmp_path):
    shop, acme = Audit(tmp_path), Audit(tmp_path, org="Acme plc")
    shop.check("2026-Q1")
    acme.check("2026-Q1")
    shop.check("2026-Q2")
    data = json.loads(shop.runs("list", "--format", "json").stdout)
    assert [(r["id"], r["organisation"], r["cycle"]) for r in data] == [
        (1, "Shop Ltd", "2026-Q1"), (2, "Acme plc", "2026-Q1"), (3, "Shop Ltd", "2026-Q2")]
    assert data[0]["summary"] == {"gap": 3, "met": 1, "not_applicable": 1, "unknown": 0, "manual": 0,
                                   "waived": 0}
    only = json.loads(shop.runs("list", "--org", "Acme plc", "--format", "json").stdout)
    assert [r["id"] for r in only] == [2]
    table = invoke("runs", "list", "--db", shop.db, env=WIDE)
    assert table.exit_code == 0
    assert f"3 run(s) in {shop.db}" in table.stdout
    bad = shop.runs("list", "--org", "Acme")
    assert bad.exit_code == 2
    assert bad.stderr == (f"Error: no organisation 'Acme' in {shop.db} (did you mean 'Acme plc'?); it holds: "
                          "Acme plc, Shop Ltd\n")


def test_cli_runs_show_gives_back_what_check_reported(audit):
    printed = json.loads(audit.check("2026-Q1", extra=("--format", "json")).stdout)
    by_id = json.loads(audit.runs("show", "1", "--format", "json").stdout)
    by_cycle = json.loads(audit.runs("show", "2026-Q1", "--format", "json").stdout)
    assert by_id == by_cycle
    run = by_id.pop("run")
    assert by_id == printed
    assert (run["id"], run["cycle"], run["organisation"]) == (1, "2026-Q1", "Shop Ltd")
    table = invoke("runs", "show", "2026-Q1", "--db", audit.db, "--status", "gap", env=WIDE)
    assert table.stdout.startswith("Run 1: Shop Ltd, cycle 2026-Q1, as of 2026-03-31; recorded ")
    assert "Gaps (3)" in table.stdout and "Met (" not in table.stdout


def test_cli_runs_show_cycle_recorded_twice_gives_the_latest(audit):
    audit.check("2026-Q1")
    audit.check("2026-Q1", number="0345 123 4567")
    data = json.loads(audit.runs("show", "2026-Q1", "--format", "json").stdout)
    assert data["run"]["id"] == 2
    assert data["summary"]["gap"] == 2


def test_cli_runs_cycle_shared_by_organisations_must_be_disambiguated(tmp_path):
    shop, acme = Audit(tmp_path), Audit(tmp_path, org="Acme plc")
    shop.check("2026-Q1")
    acme.check("2026-Q1")
    result = shop.runs("show", "2026-Q1")
    assert result.exit_code == 2
    assert result.stderr == ("Error: cycle '2026-Q1' was recorded for 2 organisations (Acme plc, Shop Ltd); choose "
                             "one with --org NAME\n")
    chosen = json.loads(shop.runs("show", "2026-Q1", "--org", "Acme plc", "--format", "json").stdout)
    assert chosen["run"]["id"] == 2
    assert shop.runs("diff", "1", "2").stderr == (
        "Error: run 1 (Shop Ltd, cycle 2026-Q1, as of 2026-03-31) and run 2 (Acme plc, cycle 2026-Q1, as of "
        "2026-03-31) are different organisations; runs diff compares the cycles of one organisation\n")


def test_cli_runs_unknown_cycle_suggests_a_near_one(audit):
    audit.check("2026-Q1")
    result = audit.runs("show", "2026-Q2")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: no run or cycle '2026-Q2' in {audit.db} (did you mean '2026-Q1'?); cycles: "
                             "2026-Q1\n")


# --- runs diff ----------------------------------------------------------------------------------


def test_cli_runs_diff_tells_what_changed_and_why(audit):
    _three_cycles(audit)
    data = audit.diff_json("2026-Q1", "2026-Q2")
    assert data["summary"] == {"new": 0, "changed": 5, "resolved": 0, "persisting": 0, "new_gaps": 0}
    why = {(e["rule_id"], e["subject"]["key"]): [c["kind"] for c in e["causes"]] for e in data["entries"]}
    assert why == {("demo-phone-basic-rate", "help"): ["facts"], ("demo-complaints-published", "organisation"):
                   ["facts"], ("demo-adr-signposted", "organisation"): ["law"],
                   ("demo-customer-surveys", "organisation"): ["facts", "law"],
                   ("demo-acknowledge-complaints", "organisation"): ["law", "waiver"]}
    later = audit.diff_json("2026-Q2", "2026-Q3")
    assert later["summary"] == {"new": 1, "changed": 1, "resolved": 0, "persisting": 4, "new_gaps": 2}
    texts = {(e["rule_id"], e["subject"]["key"]): [c["text"] for c in e["causes"]] for e in later["entries"]
             if e["kind"] != "persisting"}
    assert texts == {("demo-phone-basic-rate", "sales"): ["channel 'sales' was added to the profile"],
                     ("demo-acknowledge-complaints", "organisation"): ["waiver expired on 2026-09-30"]}


def test_cli_runs_diff_table_and_markdown(audit):
    _three_cycles(audit)
    table = invoke("runs", "diff", "2026-Q2", "2026-Q3", "--db", audit.db, env=WIDE)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "Shop Ltd: cycle 2026-Q2 (run 2, as of 2026-06-30) → cycle 2026-Q3 (run 3, as of 2026-10-31)"
    assert any(line.startswith("New (1)") for line in lines)
    assert any(line.startswith("Changed (1)") for line in lines)
    assert not any(line.startswith("Persisting") for line in lines)
    assert lines[-1] == "1 new, 1 changed, 0 resolved, 4 persisting; 2 new gap(s)"
    assert "waiver expired on 2026-09-30" in table.stdout
    assert "Persisting (4)" in invoke("runs", "diff", "2", "3", "--all", "--db", audit.db, env=WIDE).stdout
    markdown = audit.runs("diff", "2026-Q1", "2026-Q2", "--format", "markdown").stdout
    assert markdown.startswith("# Shop Ltd: cycle 2026-Q1 (run 1, as of 2026-03-31) → cycle 2026-Q2 (run 2, as of "
                               "2026-06-30)\n\n0 new, 5 changed, 0 resolved, 0 persisting; 0 new gap(s)\n\n"
                               "## Changed (5)\n\n| Rule | Subject | Was | Now | Why |\n"
                               "| --- | --- | --- | --- | --- |\n")
    # Brackets and underscores are escaped: profile text in a cell must not become a link or emphasis.
    assert ("| `demo-phone-basic-rate` | help | gap, medium risk | met, medium risk | facts changed:<br>  "
            "channels\\[help\\].basic\\_rate false → true<br>  channels\\[help\\].number '0845 123 4567' → "
            "'0345 123 4567' |" in markdown)


def test_cli_runs_diff_fail_on_new(audit):
    _three_cycles(audit)
    assert audit.runs("diff", "2026-Q1", "2026-Q2", "--fail-on-new").exit_code == 0
    assert audit.runs("diff", "2026-Q2", "2026-Q3", "--fail-on-new").exit_code == 1
    assert audit.runs("diff", "2026-Q2", "2026-Q3").exit_code == 0


# --- runs trend ---------------------------------------------------------------------------------


def test_cli_runs_trend_counts_per_cycle_and_longest_open(audit):
    _three_cycles(audit)
    data = json.loads(audit.runs("trend", "Shop Ltd", "--format", "json").stdout)
    assert data["organisation"] == "Shop Ltd"
    assert [(c["cycle"], c["open_gaps"], c["by_strength"], c["by_rating"], c["waived"]) for c in data["cycles"]] == [
        ("2026-Q1", 3, {"duty": 2, "recommendation": 1, "good_practice": 0}, {"high": 1, "medium": 2, "low": 0}, 0),
        ("2026-Q2", 0, {"duty": 0, "recommendation": 0, "good_practice": 0}, {"high": 0, "medium": 0, "low": 0}, 1),
        ("2026-Q3", 2, {"duty": 1, "recommendation": 1, "good_practice": 0}, {"high": 1, "medium": 1, "low": 0}, 0),
    ]
    assert [(s["rule_id"], s["subject"]["key"], s["cycles_open"], s["open_since_cycle"])
            for s in data["longest_open"]] == [("demo-phone-basic-rate", "sales", 1, "2026-Q3"),
                                               ("demo-acknowledge-complaints", "organisation", 1, "2026-Q3")]


def test_cli_runs_trend_longest_open_counts_consecutive_cycles(audit):
    for cycle, as_of in (("Q1", "2026-01-31"), ("Q2", "2026-02-28"), ("Q3", "2026-03-31")):
        audit.check(cycle, as_of=as_of, published=cycle != "Q2")
    data = json.loads(audit.runs("trend", "Shop Ltd", "--format", "json").stdout)
    streaks = {(s["rule_id"], s["subject"]["key"]): (s["cycles_open"], s["open_since_cycle"])
               for s in data["longest_open"]}
    assert streaks == {("demo-phone-basic-rate", "help"): (3, "Q1"), ("demo-adr-signposted", "organisation"): (3, "Q1")}
    table = invoke("runs", "trend", "Shop Ltd", "--db", audit.db, env=WIDE).stdout
    assert "Shop Ltd: 3 cycle(s)" in table and "Open longest" in table
    markdown = audit.runs("trend", "Shop Ltd", "--format", "markdown").stdout
    assert markdown.startswith("# Shop Ltd: 3 cycle(s)\n\n| Cycle | As of | Run | Open | Duty | Should | Good |")
    assert "| demo-phone-basic-rate | help | duty | medium | 3 | Q1 (2026-01-31) |" in markdown


def test_cli_runs_trend_unknown_organisation(audit):
    audit.check("Q1")
    result = audit.runs("trend", "Shop")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: no organisation 'Shop' in {audit.db} (did you mean 'Shop Ltd'?); it holds: "
                             "Shop Ltd\n")


def test_cli_runs_commands_have_help():
    for command in ("list", "show", "diff", "trend"):
        result = invoke("runs", command, "--help")
        assert result.exit_code == 0
        assert "--db" in result.stdout and "CSAUDIT_DB" in result.stdout
    assert "runs" in invoke("--help").stdout
