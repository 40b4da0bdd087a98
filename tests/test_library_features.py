"""Named conditions, open-world counts, risk cases and offerings, on a small library built for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from csaudit.engine.fixture_runner import run_rule_tests
from csaudit.engine.library.lint import lint
from csaudit.engine.library.loader import load_library
from csaudit.facts.loader import load_profile_text
from csaudit.facts.located.problems import ProfileError

FEATURES = Path(__file__).resolve().parent / "data" / "library-features"
_LIBRARY = load_library([FEATURES])


@pytest.mark.parametrize("rule_id", sorted(_LIBRARY.rules))
def test_feature_rules_pass_their_cases_on_both_engines(rule_id):
    result = run_rule_tests(_LIBRARY, rule_id, ("python", "durable"))
    assert result.cases and not result.problems
    assert [c.detail for c in result.cases if not c.passed] == []


def test_the_feature_library_lints_clean():
    count, problems = lint([FEATURES])
    assert count == 2 and problems == []


RULE = """\
title: A rule that uses a named condition
refs: [{{document: Demo rules, clause: "9"}}]
strength: recommendation
stage: access
risk_area: legal_and_regulatory
risk: {{likelihood: possible, impact: moderate, consequences: [legal]}}
subject: {subject}
applies_when: {{use: {name}}}
requires: {{fact: organisation.sells_to_consumers, eq: true}}
gap: Not met.
remediation: Do it.
"""
CONDITIONS = """\
conditions:
  sells-goods:
    subject: offering
    description: the offering is goods
    refs: [{document: Demo rules, clause: "1"}]
    when: {fact: offering.kind, eq: goods}
  loops:
    description: uses itself
    refs: [{document: Demo rules, clause: "1"}]
    when: {use: loops}
  bad-fact:
    description: names a fact that does not exist
    refs: [{document: Demo rules, clause: "1"}]
    when: {fact: organisation.sels_to_consumers, eq: true}
"""


def _problems(tmp_path, subject: str, name: str) -> list[str]:
    write(tmp_path, "conditions/demo.yaml", CONDITIONS)
    write(tmp_path, "src/src-rule.yaml", RULE.format(subject=subject, name=name))
    write(tmp_path, "src/src-rule.test.yaml", "cases:\n  - {name: x, expect: gap, profile: {}}\n")
    count, problems = lint([tmp_path])
    return [p.render().replace(str(tmp_path) + "/", "") for p in problems]


def test_a_misspelt_condition_name_is_located_with_a_suggestion(tmp_path):
    found = _problems(tmp_path, "offering", "sell-goods")
    assert any(p.startswith("src/src-rule.yaml:8:") and "unknown condition 'sell-goods'" in p
               and "did you mean 'sells-goods'" in p for p in found), found


def test_a_condition_about_offerings_cannot_be_used_by_an_organisation_rule(tmp_path):
    found = _problems(tmp_path, "organisation", "sells-goods")
    assert any("condition 'sells-goods' reads facts of 'offering'" in p for p in found), found


def test_problems_inside_definitions_are_reported_against_the_conditions_file(tmp_path):
    found = _problems(tmp_path, "offering", "sells-goods")
    assert any(p.startswith("conditions/demo.yaml:") and "uses itself (loops -> loops)" in p for p in found), found
    assert any(p.startswith("conditions/demo.yaml:") and "unknown fact 'organisation.sels_to_consumers'" in p
               for p in found), found


PROFILE = """\
as_of: 2026-06-01
organisation: {{name: Probe}}
offerings:
  - {{id: fridges, kind: goods, sold: [distance], returns: [{ref}]}}
  - {{id: fridges, kind: goods}}
policies:
  returns:
    - {{id: online, reason: change_of_mind, default: true}}
    - {{id: online, reason: fault}}
"""


def test_offering_references_and_ids_are_checked_together():
    with pytest.raises(ProfileError) as err:
        load_profile_text(PROFILE.format(ref="onlin"), "p.yaml")
    text = err.value.render()
    assert "p.yaml:4:" in text and "no returns route has id 'onlin'" in text and "did you mean 'online'" in text
    assert "duplicate offering id 'fridges'" in text
    assert "duplicate returns route id 'online'" in text


def test_two_routes_of_one_kind_for_one_offering_is_an_error():
    text = """\
as_of: 2026-06-01
organisation: {name: Probe}
offerings: [{id: fridges, kind: goods, sold: [distance]}]
policies:
  returns:
    - {id: online, reason: change_of_mind, default: true, sales: [distance]}
    - {id: web, reason: change_of_mind, default: true}
"""
    with pytest.raises(ProfileError) as err:
        load_profile_text(text, "p.yaml")
    assert "routes 'online', 'web' all cover the cancellation of offering 'fridges'" in err.value.render()


def test_route_terms_are_joined_onto_each_offering_with_their_lines():
    text = """\
as_of: 2026-06-01
organisation: {name: Probe}
complete_lists: [returns]
offerings:
  - {id: flowers, kind: goods, sold: [distance], traits: [perishable]}
  - {id: vases, kind: goods, sold: [on_premises]}
policies:
  returns:
    - {id: online, reason: change_of_mind, default: true, sales: [distance], window_days: 14, excludes: [perishable]}
"""
    flat = load_profile_text(text, "p.yaml").flat()
    flowers, vases = flat.collections["offering"]
    assert flowers.values["offering.cancellation.window_days"] == 14
    assert flowers.values["offering.cancellation.excludes_it"] is True
    assert flowers.lines["offering.cancellation.window_days"] == 9
    assert vases.values["offering.store_returns.offered"] is False        # the list of routes is complete
    assert "offering.cancellation.offered" not in vases.values or vases.values["offering.cancellation.offered"] is False
    assert flat.organisation.values["list_complete.returns"] is True
    assert "list_complete.channels" not in flat.organisation.values        # never false: absent means not declared
