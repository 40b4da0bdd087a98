"""Rules and manual questions are dated like their sources, and say which law applied before them."""

from __future__ import annotations

import datetime as dt
import json

from conftest import SEARCH_RULE_CASES, write
from csaudit.engine.library.lint import lint

DUTY = """\
title: The order button says the order means paying
refs: [{document: Regs X, edition: "SI 1", clause: "reg. 14(4)"}]
strength: duty
stage: order_and_delivery
risk_area: legal_and_regulatory
risk: {likelihood: possible, impact: moderate, consequences: [legal]}
requires: {fact: website.search, eq: true}
gap: "No search."
remediation: Add search.
"""
TESTS = SEARCH_RULE_CASES
CATALOGUE = """\
source: regsx
document: Regs X
edition: "SI 1"
strength: duty
items:
  - clause: "reg. 14(4)"
    title: The order button indicates an obligation to pay
  - clause: "reg. 41"
    title: Helplines cost no more than the basic rate
    manual: Do helplines for existing customers cost no more than a geographic call?
"""
PROFILE = "as_of: 2026-11-23\norganisation: {name: Shop}\n"
DATED = "valid_from: 2014-06-13\n"
BEFORE = ('preceded_by:\n  refs:\n    - {document: "Distance Selling Regulations 2000", clause: "reg. 7"}\n'
          '  scope: "contracts entered into before that date"\n')


def _lib(tmp_path, rule=DUTY, catalogue=CATALOGUE):
    write(tmp_path, "lib/regsx/regsx-order-button.yaml", rule)
    write(tmp_path, "lib/regsx/regsx-order-button.test.yaml", TESTS)
    write(tmp_path, "lib/clauses/regsx.yaml", catalogue)
    return tmp_path / "lib"


def _problems(root):
    return [p.render().replace(str(root) + "/", "") for p in lint([root])[1]]


def _insert(text: str, before: str, extra: str) -> str:
    return text.replace(before, extra + before, 1)


# ------------------------------------------------------------------ lint
def test_lint_refuses_a_duty_without_valid_from(tmp_path):
    root = _lib(tmp_path, catalogue=_insert(CATALOGUE, "items:", DATED))
    assert _problems(root) == [
        "regsx/regsx-order-button.yaml:3:1: valid_from: a duty needs valid_from: the commencement that governs the "
        "contracts or conduct it checks (say in note what the date rests on)"]


def test_lint_accepts_a_dated_duty_and_a_dated_catalogue(tmp_path):
    root = _lib(tmp_path, rule=_insert(DUTY, "requires:", DATED + BEFORE), catalogue=_insert(CATALOGUE, "items:", DATED))
    assert _problems(root) == []


def test_recommendations_need_no_date(tmp_path):
    rule = DUTY.replace("strength: duty", "strength: recommendation")
    root = _lib(tmp_path, rule=rule, catalogue=CATALOGUE.replace("strength: duty", "strength: recommendation"))
    assert _problems(root) == []


def test_lint_refuses_a_duty_catalogue_without_a_date(tmp_path):
    root = _lib(tmp_path, rule=_insert(DUTY, "requires:", DATED))
    assert _problems(root) == [
        "clauses/regsx.yaml:4:1: valid_from: a catalogue of duties needs valid_from (the commencement of its "
        "source), or one on each item"]


def test_an_item_date_is_enough_and_an_undated_duty_item_is_named(tmp_path):
    one_dated = CATALOGUE.replace("    title: Helplines", "    valid_from: 2014-06-13\n    title: Helplines")
    root = _lib(tmp_path, rule=_insert(DUTY, "requires:", DATED), catalogue=one_dated)
    assert _problems(root) == [
        "clauses/regsx.yaml:6:5: items[0].valid_from: duty 'reg. 14(4)' has no date: give the item or the "
        "catalogue valid_from"]


def test_preceded_by_needs_a_date_and_real_rule_ids(tmp_path):
    rule = _insert(DUTY, "requires:", BEFORE.replace("  scope:", "  rules: [regsx-order-buton]\n  scope:"))
    root = _lib(tmp_path, rule=rule.replace("strength: duty", "strength: recommendation"))
    problems = _problems(root)
    assert "regsx/regsx-order-button.yaml:7:1: preceded_by: preceded_by says what applied before valid_from, but " \
           "the rule has no valid_from" in problems
    assert "regsx/regsx-order-button.yaml:10:11: preceded_by.rules[0]: no rule has id 'regsx-order-buton' " \
           "(did you mean 'regsx-order-button'?)" in problems


def test_every_duty_in_the_bundled_library_is_dated(library):
    undated = [rid for rid, r in library.rules.items() if r.spec.strength == "duty" and r.spec.valid_from is None]
    assert undated == []
    for rid, r in library.rules.items():
        assert r.spec.valid_from is not None, f"{rid} has no valid_from"
    for loaded in library.catalogues:
        cat = loaded.catalogue
        assert all(cat.dates(item)[0] for item in cat.items), f"{cat.source} has undated items"


# ------------------------------------------------------------------ messages
def test_not_yet_in_force_names_the_law_that_applied(tmp_path, run_cli):
    root = _lib(tmp_path, rule=_insert(DUTY, "requires:", DATED + BEFORE), catalogue=_insert(CATALOGUE, "items:", DATED))
    profile = write(tmp_path, "p.yaml", PROFILE + "website: {search: true}\n")
    args = ("--rules", str(root), "--format", "json", "--fail-on", "none")
    data = json.loads(run_cli("check", str(profile), "--as-of", "2014-06-12", *args).stdout)
    (rule,) = [f for f in data["findings"] if f["rule_id"] == "regsx-order-button"]
    assert rule["status"] == "not_applicable"
    assert rule["message"] == ("Not applicable: in force from 2014-06-13; before then the Distance Selling "
                               "Regulations 2000 reg. 7 applied (contracts entered into before that date).")
    data = json.loads(run_cli("check", str(profile), "--as-of", "2014-06-13", *args).stdout)
    assert [f["status"] for f in data["findings"] if f["rule_id"] == "regsx-order-button"] == ["met"]


def test_cra_rules_are_silent_before_the_act_and_name_its_predecessor(library):
    before = library.compile(dt.date(2015, 9, 30)).by_id
    on = library.compile(dt.date(2015, 10, 1)).by_id
    cra = [rid for rid in library.rules if rid.startswith("cra2015-")]
    assert cra and not any(before[rid].in_force for rid in cra) and all(on[rid].in_force for rid in cra)
    for rid in cra:
        spec = library.rules[rid].spec
        expected = "in force from 2015-10-01" + (f"; before then {spec.preceded_by.describe()}"
                                                 if spec.preceded_by else "")
        assert before[rid].out_of_force_reason == expected, rid
    reasons = {before[rid].out_of_force_reason for rid in cra}
    assert any("; before then the Sale of Goods Act 1979" in r and r.endswith("(contracts made before that date)")
               for r in reasons)
    assert "in force from 2015-10-01" in reasons      # digital content: no statutory predecessor is named


def test_checked_as_of_2013_no_cra_or_gdpr_duty_applies(run_cli):
    out = run_cli("check", "facts/examples/brightside-appliances.yaml", "--as-of", "2013-06-01", "--format", "json",
                  "--fail-on", "none", "--engine", "python").stdout
    findings = json.loads(out)["findings"]
    late = [f["rule_id"] for f in findings if f["rule_id"].startswith(("cra2015", "ukgdpr", "ccr2013", "dmcca2024"))
            and f["status"] != "not_applicable"]
    assert late == []


# ------------------------------------------------------------------ manual questions
def _manual(tmp_path, run_cli, as_of, answers=""):
    catalogue = _insert(CATALOGUE, "items:", DATED + BEFORE)
    root = _lib(tmp_path, rule=_insert(DUTY, "requires:", DATED), catalogue=catalogue)
    profile = write(tmp_path, "p.yaml", PROFILE + answers)
    out = run_cli("check", str(profile), "--as-of", as_of, "--rules", str(root), "--format", "json",
                  "--fail-on", "none").stdout
    (finding,) = [f for f in json.loads(out)["findings"] if f["rule_id"] == "regsx-reg-41"]
    return finding


def test_a_manual_question_is_not_applicable_before_its_date(tmp_path, run_cli):
    finding = _manual(tmp_path, run_cli, "2014-06-12")
    assert finding["status"] == "not_applicable"
    assert finding["message"] == ("Not applicable: in force from 2014-06-13; before then the Distance Selling "
                                  "Regulations 2000 reg. 7 applied (contracts entered into before that date).")
    assert _manual(tmp_path, run_cli, "2014-06-13")["status"] == "manual"


def test_an_answer_to_a_question_not_in_force_is_shown_but_not_counted(tmp_path, run_cli):
    finding = _manual(tmp_path, run_cli, "2014-06-12", "answers: {regsx-reg-41: no}\n")
    assert finding["status"] == "not_applicable"
    assert finding["message"].endswith("The answer given (no) is not counted while the provision is not in force.")
    assert finding["facts_used"] == [{"path": "answers.regsx-reg-41", "value": "no", "line": 3}]
    assert _manual(tmp_path, run_cli, "2014-06-13", "answers: {regsx-reg-41: no}\n")["status"] == "gap"


def test_an_item_date_overrides_the_catalogue_and_null_clears_the_predecessor(tmp_path, run_cli):
    from csaudit.engine.library.clauses import Catalogue

    cat = Catalogue.model_validate({
        "source": "x", "document": "X", "valid_from": "2014-06-13", "valid_to": "2026-04-05",
        "preceded_by": {"refs": [{"document": "Old Regs"}]},
        "items": [{"clause": "a", "title": "Item a"},
                  {"clause": "b", "title": "Item b", "valid_from": "2027-04-06", "valid_to": None, "preceded_by": None}]})
    a, b = cat.items
    assert cat.out_of_force(a, dt.date(2014, 1, 1)) == "in force from 2014-06-13; before then the Old Regs applied"
    assert cat.out_of_force(a, dt.date(2026, 4, 6)) == "not in force after 2026-04-05"
    assert cat.out_of_force(b, dt.date(2026, 4, 6)) == "in force from 2027-04-06"
    assert cat.out_of_force(b, dt.date(2030, 1, 1)) is None


def test_a_rule_no_longer_in_force_names_the_rules_that_took_its_place(library):
    """A rule that another names in ``preceded_by.rules`` says, once out of force, which law applies instead."""
    successors = library.successors
    linked = [(old, new) for new, loaded in library.rules.items() if loaded.spec.preceded_by
              for old in loaded.spec.preceded_by.rules]
    assert linked, "the library links successors to predecessors"
    for old, new in linked:
        ref = library.rules[new].spec.refs[0]
        assert ref.clause in successors[old], (old, new)
        end = library.rules[old].spec.valid_to
        if end is None:
            continue
        after = library.compile(end + dt.timedelta(days=1)).by_id[old]
        assert not after.in_force
        assert after.out_of_force_reason.startswith(f"not in force after {end.isoformat()}; from then ")
        assert after.out_of_force_reason.endswith(" applies")
