"""csaudit check with several profiles: files, folders and globs, streaming, recording, bad profiles, jobs."""

from __future__ import annotations

import json

import pytest
from conftest import HELPLINE_RULE, write

RULE = HELPLINE_RULE


def profile(name: str, number: str = "0845 123 4567") -> str:
    return f"""\
as_of: 2026-11-23
organisation: {{name: {name}}}
channels:
  - {{id: help, name: Helpline, kind: phone, number: "{number}"}}
  - {{id: mail, kind: email}}
"""


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.setenv("CSAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, "rules/test/test-basic-rate.yaml", RULE)
    write(tmp_path, "branches/north/leeds.yaml", profile("Leeds"))
    write(tmp_path, "branches/north/york.yaml", profile("York", "0113 496 0000"))
    write(tmp_path, "branches/south/bath.yaml", profile("Bath"))
    write(tmp_path, "branches/south/waivers.yaml", "waivers: []\n")      # a waiver file, not a profile
    write(tmp_path, "branches/_org.yaml", profile("Base"))              # a shared base, not checked alone
    write(tmp_path, "single.yaml", profile("Single", "0113 496 0001"))
    return tmp_path


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_folders_globs_and_files_each_profile_once_in_the_order_given(run_cli, setup):
    rules = str(setup / "rules")
    result = run_cli("check", str(setup / "single.yaml"), str(setup / "branches"),
                     str(setup / "branches" / "north" / "*.yaml"), "--rules", rules, "--format", "jsonl", "-j", "1",
                     "--fail-on", "none")
    assert result.exit_code == 0, result.stderr
    names = list(dict.fromkeys(line["run"]["profile"] for line in jsonl(result.stdout)))
    assert names == ["Single", "Leeds", "York", "Bath"]   # the glob adds nothing new; _org and waivers skipped
    assert "4 profile(s): 4 checked, 0 not checked" in result.stderr


def test_summary_table_at_the_end_and_exit_code_from_gaps(run_cli, setup):
    result = run_cli("check", str(setup / "branches"), "--rules", str(setup / "rules"), "-j", "1")
    assert result.exit_code == 1                  # Leeds and Bath have a legal gap (an 0845 line)
    assert "Leeds" in result.stdout and "York" in result.stdout and "Bath" in result.stdout
    assert result.stdout.rstrip().endswith("1 rules")
    assert "2 at or above --fail-on" in result.stdout


def test_a_bad_profile_is_reported_with_its_line_and_the_rest_still_run(run_cli, setup):
    write(setup, "branches/north/broken.yaml", "as_of: 2026-11-23\norganisation:\n  size: gigantic\n")
    result = run_cli("check", str(setup / "branches"), "--rules", str(setup / "rules"), "--format", "jsonl",
                     "-j", "1", "--fail-on", "none")
    assert result.exit_code == 2                  # the highest any one profile would give alone
    assert f"{setup / 'branches' / 'north' / 'broken.yaml'}:3:3: organisation.size" in result.stderr
    names = {line["run"]["profile"] for line in jsonl(result.stdout)}
    assert names == {"Leeds", "York", "Bath"}
    assert "3 checked, 1 not checked" in result.stderr


def test_a_pattern_that_matches_nothing_is_reported_and_the_rest_still_run(run_cli, setup):
    result = run_cli("check", str(setup / "nowhere" / "*.yaml"), str(setup / "single.yaml"), "--rules",
                     str(setup / "rules"), "-j", "1", "--fail-on", "none")
    assert result.exit_code == 2
    assert "no file matches this pattern" in result.stderr
    assert "Single" in result.stdout


def test_jsonl_streams_each_profile_whole_in_input_order(run_cli, setup):
    result = run_cli("check", str(setup / "branches"), "--rules", str(setup / "rules"), "--format", "jsonl",
                     "-j", "1", "--fail-on", "none")
    lines = jsonl(result.stdout)
    order = [line["run"]["profile"] for line in lines]
    assert order == sorted(order, key=["Leeds", "York", "Bath"].index)   # never interleaved
    assert all({"fingerprint", "status", "rule_id"} <= set(line) for line in lines)


def test_output_is_the_same_whatever_the_number_of_jobs(run_cli, setup):
    args = ("check", str(setup / "branches"), str(setup / "single.yaml"), "--rules", str(setup / "rules"),
            "--format", "jsonl", "--fail-on", "none")
    one = run_cli(*args, "--jobs", "1")
    two = run_cli(*args, "--jobs", "2")
    three = run_cli(*args, "--jobs", "3")
    assert one.exit_code == two.exit_code == three.exit_code == 0
    assert one.stdout == two.stdout == three.stdout
    assert one.stderr == two.stderr


def test_db_records_one_run_per_profile_each_in_its_own_transaction(run_cli, setup, monkeypatch):
    from csaudit.engine.audit import store as store_module
    from csaudit.engine.audit.store import open_store

    calls = []
    original = store_module.Store.record

    def counting(self, record):
        assert not self.db.conn.in_transaction    # nothing left open between profiles
        # a batch hands the store rows its workers built (RunRows); one profile, its RunRecord
        calls.append(record.header["organisation"] if hasattr(record, "header") else record.run.info.organisation)
        return original(self, record)

    monkeypatch.setattr(store_module.Store, "record", counting)
    write(setup, "branches/north/broken.yaml", "as_of: nope\n")
    db = setup / "audits.db"
    result = run_cli("check", str(setup / "branches"), "--rules", str(setup / "rules"), "--db", str(db),
                     "--cycle", "2026-Q4", "-j", "1", "--fail-on", "none")
    assert result.exit_code == 2
    assert calls == ["Leeds", "York", "Bath"]     # the bad profile records nothing
    with open_store(db, create=False) as store:
        runs = store.runs()
    assert [(r.organisation, r.cycle) for r in runs] == [("Leeds", "2026-Q4"), ("York", "2026-Q4"),
                                                         ("Bath", "2026-Q4")]
    assert "recorded 3 run(s)" in result.stderr


def test_formats_for_one_profile_are_refused_with_several(run_cli, setup):
    result = run_cli("check", str(setup / "branches"), "--rules", str(setup / "rules"), "--format", "html")
    assert result.exit_code == 2
    assert "with several profiles" in result.stderr
    result = run_cli("check", str(setup / "branches"), "--rules", str(setup / "rules"), "-o", "x.html")
    assert result.exit_code == 2


def test_one_profile_is_checked_exactly_as_before(run_cli, setup):
    result = run_cli("check", str(setup / "single.yaml"), "--rules", str(setup / "rules"), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["profile"]["name"] == "Single"   # one report, not a batch summary
    assert "profile(s)" not in result.stderr


def test_no_progress_bar_when_not_a_terminal(run_cli, setup):
    result = run_cli("check", str(setup / "branches"), "--rules", str(setup / "rules"), "-j", "1",
                     "--fail-on", "none")
    assert "checking" not in result.stderr


def test_expand_skips_what_is_not_a_profile(setup):
    from csaudit.cli.batch import expand

    files, problems = expand((setup / "branches",))
    assert [p.name for p in files] == ["leeds.yaml", "york.yaml", "bath.yaml"]
    assert problems == []
    files, problems = expand((setup / "rules" / "nothing-here",))
    assert [p.name for p in files] == ["nothing-here"] and problems == []   # reported when it is read
