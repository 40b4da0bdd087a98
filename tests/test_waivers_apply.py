"""Waivers in reports: status kept, waiver shown, counted apart, ignored by --fail-on, dated by as-of."""

from __future__ import annotations

import json

import pytest
from audit_helpers import RULES, invoke, make_rules, waiver_yaml, write_profile

GOOD = {"rule": "demo-complaints-published", "justification": "Procedure being rewritten",
        "approver": "Jo Bloggs, COO", "granted": "2026-01-01", "expires": "2026-12-31"}


@pytest.fixture
def folder(tmp_path):
    make_rules(tmp_path, only=("demo-complaints-published", "demo-customer-surveys", "demo-phone-basic-rate"))
    return tmp_path


def _check(folder, waivers: str | None, *extra, **facts):
    profile = write_profile(folder / "shop", **facts)
    if waivers is not None:
        (folder / "shop" / "waivers.yaml").write_text(waivers, encoding="utf-8")
    return invoke("check", profile, "--rules", folder / "rules", "--engine", "python", *extra,
                  env={"COLUMNS": "300"})


def _by_rule(result) -> dict:
    return {(f["rule_id"], f["subject"]["key"]): f for f in json.loads(result.stdout)["findings"]}


def test_waived_gap_keeps_its_status_and_carries_the_waiver(folder):
    result = _check(folder, waiver_yaml(GOOD), "--format", "json", number="0345 123 4567")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["summary"] == {"gap": 1, "met": 1, "not_applicable": 1, "unknown": 0, "manual": 0,
                               "waived": 1}
    waived = _by_rule(result)[("demo-complaints-published", "organisation")]
    assert waived["status"] == "gap"
    assert waived["waiver"] == {"subject": None, "justification": "Procedure being rewritten",
                                "approver": "Jo Bloggs, COO", "granted": "2026-01-01", "expires": "2026-12-31",
                                "source": f"{folder / 'shop' / 'waivers.yaml'}:2"}
    assert _by_rule(result)[("demo-phone-basic-rate", "help")]["waiver"] is None


def test_findings_without_waivers_have_a_null_waiver_and_zero_waived(folder):
    result = _check(folder, None, "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["waived"] == 0
    assert all(f["waiver"] is None for f in data["findings"])


def test_waived_gaps_do_not_count_for_fail_on(folder):
    assert _check(folder, None, "--fail-on", "recommendation", number="0345 123 4567").exit_code == 1
    assert _check(folder, waiver_yaml(GOOD), "--fail-on", "recommendation", number="0345 123 4567").exit_code == 0
    # A good-practice gap still fails --fail-on any.
    assert _check(folder, waiver_yaml(GOOD), "--fail-on", "any", as_of="2026-06-30",
                  number="0345 123 4567").exit_code == 1


def test_waived_gaps_have_their_own_group_in_the_table(folder):
    result = _check(folder, waiver_yaml(GOOD), number="0345 123 4567")
    out = result.stdout
    assert "Waived gaps: justified deviations (1)" in out
    assert "Gaps (" not in out
    assert "1 gap(s) (0 legal, 1 waived)" in out
    assert "Waived until 2026-12-31, approved by Jo Bloggs, COO: Procedure being rewritten" in out


def test_waiver_for_one_subject_leaves_the_others(folder, tmp_path):
    make_rules(tmp_path, only=("demo-phone-basic-rate",),
               edits={"demo-phone-basic-rate": {**RULES["demo-phone-basic-rate"], "strength": "recommendation"}})
    waivers = waiver_yaml({**GOOD, "rule": "demo-phone-basic-rate", "subject": "sales"})
    result = _check(folder, waivers, "--format", "json", extra_channel=True)
    found = _by_rule(result)
    assert found[("demo-phone-basic-rate", "sales")]["waiver"]["subject"] == "sales"
    assert found[("demo-phone-basic-rate", "help")]["waiver"] is None
    assert found[("demo-phone-basic-rate", "help")]["status"] == "gap"


def test_expired_waiver_stops_applying_and_is_reported(folder):
    path = folder / "shop" / "waivers.yaml"
    result = _check(folder, waiver_yaml({**GOOD, "expires": "2026-02-28"}), "--format", "json")
    assert result.stderr == (f"warning: {path}:2: the waiver of demo-complaints-published expired on 2026-02-28; "
                             "its gaps count again\n")
    assert _by_rule(result)[("demo-complaints-published", "organisation")]["waiver"] is None
    assert json.loads(result.stdout)["summary"]["waived"] == 0


def test_waiver_granted_after_the_as_of_date_does_not_apply_yet(folder):
    path = folder / "shop" / "waivers.yaml"
    result = _check(folder, waiver_yaml({**GOOD, "subject": "organisation", "granted": "2026-05-01"}),
                    "--format", "json")
    assert result.stderr == (f"warning: {path}:2: the waiver of demo-complaints-published for organisation is "
                             "granted from 2026-05-01, after the as-of date 2026-03-31; it does not apply yet\n")
    assert json.loads(result.stdout)["summary"]["waived"] == 0


def test_waiver_expiry_is_judged_on_the_as_of_date(folder):
    waivers = waiver_yaml({**GOOD, "expires": "2026-04-30"})
    assert json.loads(_check(folder, waivers, "--format", "json")
                      .stdout)["summary"]["waived"] == 1
    later = _check(folder, waivers, "--format", "json", "--as-of", "2026-05-01")
    assert json.loads(later.stdout)["summary"]["waived"] == 0
    assert "expired on 2026-04-30" in later.stderr
