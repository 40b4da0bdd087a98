"""The profile loader: every problem at once, located, with hints; unknown is not false."""

from __future__ import annotations

import pytest
from conftest import write
from csaudit.facts.loader import load_profile, load_profile_text
from csaudit.facts.located.problems import ProfileError

BAD = """\
as_of: 2026-11-23
organisation:
  name: X
  sise: medium
  customers: [consumer]
channels:
  - id: help
    kind: phone
    number: "abc"
"""


def test_every_problem_is_reported_with_line_column_and_hint(tmp_path):
    path = write(tmp_path, "p.yaml", BAD)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    rendered = [p.render() for p in info.value.problems]
    assert rendered == [
        f"{path}:4:3: organisation.sise: unknown key 'sise' (did you mean 'size'?)",
        f"{path}:5:15: organisation.customers[0]: Input should be 'consumers' or 'businesses' "
        f"(did you mean 'consumers'?); got 'consumer'",
        f"{path}:9:5: channels[0].number: not a UK phone number: 'abc' (digits, spaces and a leading +44 only)",
    ]
    assert info.value.exit_code == 2


def test_invalid_date_is_a_located_problem_not_a_crash(tmp_path):
    path = write(tmp_path, "p.yaml", "as_of: 2026-13-01\norganisation: {name: X}\n")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.key) == (1, "as_of")
    assert "month" in problem.message


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "p.yaml", "as_of: 2026-01-01\norganisation: {name: X\n")
    with pytest.raises(Exception) as info:
        load_profile(path)
    assert "invalid YAML" in str(info.value) and f"{path}:3" in str(info.value)


def test_duplicate_keys_are_rejected(tmp_path):
    path = write(tmp_path, "p.yaml", "as_of: 2026-01-01\nas_of: 2026-02-01\norganisation: {name: X}\n")
    with pytest.raises(Exception, match="duplicate key"):
        load_profile(path)


def test_cross_references_are_checked():
    text = ("as_of: 2026-01-01\norganisation: {name: X}\nchannels: [{id: a, kind: phone}, {id: a, kind: email}]\n"
            "authority: {roles: [{id: lead, escalates_to: mangaer}, {id: manager}]}\n")
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "p.yaml")
    messages = [p.message for p in info.value.problems]
    assert messages == ["duplicate channel id 'a' (first at item 0)",
                        "no role has id 'mangaer' (did you mean 'manager'?)"]


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(Exception, match="no such file"):
        load_profile(tmp_path / "nope.yaml")


def test_absent_facts_are_unknown_not_false():
    flat = load_profile_text("as_of: 2026-01-01\norganisation: {name: X}\nchannels: []\n").flat()
    assert "organisation.sells_to_consumers" not in flat.organisation.values
    assert flat.collections["channel"] == ()
    assert flat.collections["role"] is None


def test_flatten_encodes_money_dates_and_sets_and_keeps_lines():
    text = """\
as_of: 2026-01-01
organisation:
  name: X
  customers: [consumers]
channels:
  - id: help
    kind: phone
    number: "0845 123 4567"
authority:
  roles:
    - {id: adviser, refund_limit: "£100", escalates_to: boss}
    - {id: boss, unlimited_authority: true}
"""
    flat = load_profile_text(text).flat()
    assert flat.organisation.values["organisation.customers"] == ("consumers",)
    assert flat.organisation.values["organisation.sells_to_consumers"] is True
    assert flat.organisation.values["as_of"] == 20454
    (help_line,) = flat.collections["channel"]
    assert help_line.values["channel.cost_class"] == "service_charge"
    assert help_line.lines["channel.cost_class"] == 8  # derived facts point at their source line
    adviser, boss = flat.collections["role"]
    assert adviser.values["role.refund_limit"] == 10000
    assert adviser.values["role.chain_reaches_unlimited"] is True
    assert adviser.values["role.escalation_raises_limits"] is True
    assert boss.values["role.escalation_target_known"] is True


def test_escalation_cycle_never_reaches_a_decider():
    text = ("as_of: 2026-01-01\norganisation: {name: X}\nauthority: {roles: ["
            "{id: a, refund_limit: 10, escalates_to: b, unlimited_authority: false},"
            "{id: b, refund_limit: 5, escalates_to: a, unlimited_authority: false}]}\n")
    a, b = load_profile_text(text).flat().collections["role"]
    assert a.values["role.chain_reaches_unlimited"] is False
    assert a.values["role.escalation_raises_limits"] is False
    # b's refund limit rises (5 -> 10) but neither goodwill limit is stated: unknown, not true
    assert "role.escalation_raises_limits" not in b.values


def test_reference_problems_are_reported_with_schema_problems():
    text = ("as_of: 2026-01-01\norganisation: {name: X, sise: big}\n"
            "authority: {roles: [{id: lead, escalates_to: mangaer}, {id: manager}]}\n")
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "p.yaml")
    assert [p.message for p in info.value.problems] == [
        "unknown key 'sise' (did you mean 'size'?)", "no role has id 'mangaer' (did you mean 'manager'?)"]


def test_contradictory_facts_are_reported_where_the_second_is_stated():
    text = ("as_of: 2026-01-01\norganisation: {name: X}\n"
            "governance: {opt_out_add_ons: false}\n"
            "trading: {checkout: {preticked_paid_extras: true}}\n")
    with pytest.raises(ProfileError) as info:
        load_profile_text(text, "p.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.key) == (3, "governance.opt_out_add_ons")
    assert problem.message.startswith("contradicts trading.checkout.preticked_paid_extras: true")


def test_consistent_add_on_facts_load():
    text = ("as_of: 2026-01-01\norganisation: {name: X}\n"
            "governance: {opt_out_add_ons: true}\n"
            "trading: {checkout: {preticked_paid_extras: true}}\n")
    flat = load_profile_text(text, "p.yaml").flat()
    assert flat.organisation.values["governance.opt_out_add_ons"] is True
