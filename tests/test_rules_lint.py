"""The rule linter catches what a rule author gets wrong, with hints that are tested."""

from __future__ import annotations

from conftest import write
from csaudit.engine.library.lint import lint

GOOD = """\
title: Callers can choose to speak to a person
refs: [{document: BS 8477, edition: "2014", clause: "6.3.6 f)"}]
strength: recommendation
stage: access
risk_area: quality_and_consistency
risk: {likelihood: possible, impact: moderate, consequences: [reputational]}
subject: channel
applies_when: {fact: channel.kind, eq: phone}
requires: {fact: channel.speak_to_person, eq: true}
gap: "{subject} has no option to reach a person."
remediation: Add an option that puts callers through to staff.
"""
TESTS = """\
cases:
  - {name: no person option, expect: gap, profile: {channels: [{id: a, kind: phone, speak_to_person: false}]}}
  - {name: person option, expect: met, profile: {channels: [{id: a, kind: phone, speak_to_person: true}]}}
  - {name: email only, expect: not_applicable, profile: {channels: [{id: a, kind: email}]}}
"""


def _lint(tmp_path, rule_text, tests_text=TESTS, name="src-rule"):
    write(tmp_path, f"src/{name}.yaml", rule_text)
    if tests_text is not None:
        write(tmp_path, f"src/{name}.test.yaml", tests_text)
    count, problems = lint([tmp_path])
    return [p.render().replace(str(tmp_path) + "/", "") for p in problems]


def test_a_good_rule_lints_clean(tmp_path):
    assert _lint(tmp_path, GOOD) == []


def test_unknown_fact_path_gets_a_suggestion(tmp_path):
    problems = _lint(tmp_path, GOOD.replace("channel.speak_to_person", "channel.speak_to_persn"))
    assert problems == ["src/src-rule.yaml:9:12: requires.fact: unknown fact 'channel.speak_to_persn' "
                        "(did you mean 'channel.speak_to_person'?)"]


def test_value_outside_an_enum_is_named_with_the_choices(tmp_path):
    problems = _lint(tmp_path, GOOD.replace("eq: phone", "eq: phon"))
    assert len(problems) == 1 and "'phon' is not a value of channel.kind (did you mean 'phone'?)" in problems[0]


def test_operator_that_does_not_fit_the_type(tmp_path):
    problems = _lint(tmp_path, GOOD.replace("{fact: channel.speak_to_person, eq: true}",
                                            "{fact: channel.speak_to_person, lt: 3}"))
    assert problems == ["src/src-rule.yaml:9:43: requires.lt: operator 'lt' does not apply to bool fact "
                        "channel.speak_to_person; use one of: eq, exists, ne"]


def test_type_mismatch_between_fact_and_value(tmp_path):
    problems = _lint(tmp_path, GOOD.replace("eq: true}", "eq: 1}"))
    assert problems == ["src/src-rule.yaml:9:43: requires.eq: channel.speak_to_person is bool: "
                        "expected true or false, got 1"]


def test_missing_test_file(tmp_path):
    problems = _lint(tmp_path, GOOD, tests_text=None)
    assert problems == ["src/src-rule.test.yaml: missing test file: every rule needs gap and met cases"]


def test_test_file_needs_gap_met_and_not_applicable_cases(tmp_path):
    only_gap = "cases:\n  - {name: x, expect: gap, profile: {}}\n"
    problems = _lint(tmp_path, GOOD, tests_text=only_gap)
    assert problems == [
        "src/src-rule.test.yaml:1:1: cases: no 'met' case: add a case that makes the rule met",
        "src/src-rule.test.yaml:1:1: cases: no 'not_applicable' case (the rule has applies_when): "
        "add a case that makes the rule not_applicable",
    ]


def test_placeholder_that_names_nothing(tmp_path):
    problems = _lint(tmp_path, GOOD.replace("{subject} has", "{channel.nmae} has"))
    assert problems == ["src/src-rule.yaml:10:1: gap: placeholder {channel.nmae} names no fact "
                        "(did you mean 'channel.name'?)"]


def test_unknown_key_in_a_rule(tmp_path):
    problems = _lint(tmp_path, GOOD + "remedation: typo\n")
    assert problems == ["src/src-rule.yaml:12:1: remedation: unknown key 'remedation' (did you mean 'remediation'?)"]


def test_duplicate_ids_across_folders(tmp_path):
    write(tmp_path, "other/src-rule.yaml", GOOD)
    write(tmp_path, "other/src-rule.test.yaml", TESTS)
    problems = _lint(tmp_path, GOOD)
    assert any("duplicate rule id 'src-rule'" in p for p in problems)


def test_id_must_start_with_the_folder(tmp_path):
    problems = _lint(tmp_path, GOOD, name="misplaced-rule")
    assert problems == ["src/misplaced-rule.yaml:1:1: id: rule id 'misplaced-rule' should start with its folder name 'src-'"]


def test_quantifier_over_the_subject_itself_is_refused(tmp_path):
    rule = GOOD.replace("requires: {fact: channel.speak_to_person, eq: true}",
                        "requires: {some: {in: channel, where: {fact: channel.speak_to_person, eq: true}}}")
    problems = _lint(tmp_path, rule)
    assert problems == ["src/src-rule.yaml:9:19: requires.some.in: a rule about each channel cannot also "
                        "quantify over channels"]


def test_fact_of_another_subject_needs_a_quantifier(tmp_path):
    rule = GOOD.replace("channel.speak_to_person, eq: true", "role.front_line, eq: true")
    problems = _lint(tmp_path, rule)
    assert len(problems) == 1 and "'role.front_line' belongs to subject 'role'" in problems[0]


def test_the_bundled_library_lints_clean():
    count, problems = lint()
    assert count > 0 and problems == [], [p.render() for p in problems[:20]]
