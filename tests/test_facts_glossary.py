"""Every fact explained (description, unit, example, what each value means) and the JSON Schema carries it;
numbers that should be text get a hint to quote them; evidence records must cover something."""

from __future__ import annotations

import json

import pytest
from conftest import REPO
from csaudit.facts.catalogue import catalogue
from csaudit.facts.glossary import explain, explain_path, undescribed
from csaudit.facts.loader import load_profile_text, profile_json_schema
from csaudit.facts.located.problems import ProfileError

HARTLEY = (REPO / "facts" / "examples" / "hartley-plumbing.yaml").read_text()


def test_every_fact_and_field_has_a_description():
    assert undescribed() == [], "describe these fields with Field(description=...)"


def test_every_fact_has_an_example_and_counts_and_amounts_their_unit():
    for path, info in catalogue().items():
        e = explain(info)
        if info.kind != "text":
            assert e.example is not None, path
        if info.kind == "money":
            assert "pounds" in e.unit, path
        if path.endswith("_days") and info.kind == "int":
            assert e.unit == "days", path
        assert set(e.values) == set(info.values) and all(e.values.values()), path


def test_profile_paths_are_explained_like_catalogue_facts():
    assert explain_path("channels[helpline].kind").description == catalogue()["channel.kind"].description
    assert explain_path("policies.returns[online].window_days").unit == "days"
    assert explain_path("authority.roles[x].refund_limit").kind == "money"


def _properties(schema):
    yield "Profile", schema.get("properties", {})
    for name, definition in schema.get("$defs", {}).items():
        yield name, definition.get("properties") or {}


def test_the_json_schema_carries_descriptions_units_examples_and_value_meanings():
    schema = profile_json_schema()
    for model, props in _properties(schema):
        for name, prop in props.items():
            assert prop.get("description"), f"{model}.{name}"
    channel = schema["$defs"]["Channel"]["properties"]
    assert channel["kind"]["enumDescriptions"][channel["kind"]["enum"].index("sms")] == "text message"
    assert "- `webchat`: web chat" in channel["kind"]["markdownDescription"]
    complaints = schema["$defs"]["Complaints"]["properties"]
    assert complaints["acknowledge_within_days"]["x-unit"] == "days"
    assert complaints["acknowledge_within_days"]["examples"] == [14]
    organisation = schema["$defs"]["Organisation"]["properties"]
    size = organisation["size"]["anyOf"][0]
    assert size["enumDescriptions"][0] == "a micro business (fewer than 10 staff)"


def test_facts_schema_command_prints_the_annotated_schema(run_cli):
    schema = json.loads(run_cli("facts", "schema").stdout)
    assert "x-unit" in json.dumps(schema) and "enumDescriptions" in json.dumps(schema)


@pytest.mark.parametrize("written, hint", [
    ("03456001234", ('YAML read 03456001234 as an octal number, because of its leading zero): write it in quotes, '
                     'e.g. "03456001234"')),
    ("3456001234", 'must be written in quotes, e.g. "3456001234"'),
])
def test_a_number_where_text_is_expected_gets_a_hint_to_quote_it(written, hint):
    text = HARTLEY.replace('number: "07700 900 412"', f"number: {written}")
    with pytest.raises(ProfileError) as caught:
        load_profile_text(text, "p.yaml")
    problems = [p for p in caught.value.problems if p.key.endswith(".number")]
    assert problems and all(hint in p.message for p in problems)
    assert problems[0].line == 68


def test_evidence_must_cover_parts_the_profile_has():
    text = HARTLEY + (
        "evidence:\n"
        "  - id: policy\n"
        "    covers: [\"policies.returns[cancelations]\", \"channels[mobile].basic_rate\", chanels]\n"
        "  - id: policy\n"
        "    covers: [governance.senior_manager, answers.nothing]\n")
    with pytest.raises(ProfileError) as caught:
        load_profile_text(text, "p.yaml")
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "covers nothing: no item of policies.returns has id 'cancelations' (did you mean 'cancellations'?)",
        "covers nothing: 'chanels' is not a part of the top of the profile (did you mean 'channels'?)",
        "duplicate evidence id 'policy'",
    ]


def test_an_answer_carries_its_link_into_the_finding(run_cli, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(HARTLEY + "answers:\n  ccr2013-reg-15:\n    answer: no\n    evidence: Call script\n"
                                 "    url: https://intranet.example/scripts/v2\n    answered_by: J. Okafor\n")
    data = json.loads(run_cli("check", str(profile), "--format", "json", "--fail-on", "none").stdout)
    (finding,) = [f for f in data["findings"] if f["rule_id"] == "ccr2013-reg-15"]
    assert finding["status"] == "gap"
    assert finding["evidence"][0]["url"] == "https://intranet.example/scripts/v2"


def test_an_answers_link_reaches_the_audit_database(run_cli, tmp_path):
    import sqlite3

    profile = tmp_path / "p.yaml"
    profile.write_text(HARTLEY + "answers:\n  ccr2013-reg-15:\n    answer: yes\n"
                                 "    url: https://intranet.example/scripts/v2\n")
    db = tmp_path / "audits.db"
    assert run_cli("check", str(profile), "--db", str(db), "--cycle", "Q4", "--fail-on", "none").exit_code == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select e.kind, e.url from finding_evidence e join findings f on f.run_id = e.run_id "
                            "and f.fingerprint = e.fingerprint where f.rule_id = 'ccr2013-reg-15'").fetchall()
    assert rows == [("answer", "https://intranet.example/scripts/v2")]
