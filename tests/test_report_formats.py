"""Every format from the same findings: JSON (with its published schema), JSON Lines, CSV, JUnit, SARIF,
OSCAL; -o writes several from one run."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES
from report_helpers import make_library, make_profile

DATA = Path(__file__).resolve().parent / "data"
SARIF_SCHEMA = DATA / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def lib(tmp_path):
    return make_library(tmp_path / "lib")


@pytest.fixture
def profile(tmp_path):
    return make_profile(tmp_path / "shop profiles" / "test shop.yaml")


def _check(run_cli, profile, lib, *args):
    result = run_cli("check", str(profile), "--rules", str(lib), "--fail-on", "none", *args)
    assert result.exit_code == 0, result.output
    return result


def _json(run_cli, profile, lib):
    return json.loads(_check(run_cli, profile, lib, "--format", "json").stdout)


# --- JSON and its schema -------------------------------------------------------------------------


def test_published_schema_is_the_models_schema():
    from csaudit.engine.report.schema import published_schema_text, schema_text

    assert published_schema_text() == schema_text(), (
        "regenerate: python -c 'from csaudit.engine.report.schema import schema_text; "
        "open(\"engine/report/schemas/report-1.schema.json\", \"w\").write(schema_text())'")


def test_report_schema_command_prints_the_published_schema(run_cli):
    schema = json.loads(run_cli("report", "schema").stdout)
    assert schema["$id"] == "urn:csaudit:report:1"
    assert "additionalProperties" not in json.dumps(schema), "a version-1 schema must accept added fields"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_json_of_every_example_validates_against_the_published_schema(run_cli, example):
    import jsonschema

    schema = json.loads(run_cli("report", "schema").stdout)
    data = json.loads(run_cli("check", str(example), "--format", "json", "--fail-on", "none").stdout)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["$schema"] == "urn:csaudit:report:1"
    assert data["risk_bands"] == {"high": 15, "medium": 6}


def test_schema_rejects_a_report_with_a_wrong_status(run_cli, profile, lib):
    import jsonschema

    schema = json.loads(run_cli("report", "schema").stdout)
    data = _json(run_cli, profile, lib)
    data["findings"][0]["status"] = "passed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


# --- JSON Lines and CSV --------------------------------------------------------------------------


def test_jsonl_is_one_finding_per_line_with_its_run(run_cli, profile, lib):
    full = _json(run_cli, profile, lib)
    lines = _check(run_cli, profile, lib, "--format", "jsonl").stdout.splitlines()
    assert len(lines) == len(full["findings"])
    records = [json.loads(line) for line in lines]
    assert [r["fingerprint"] for r in records] == [f["fingerprint"] for f in full["findings"]]
    assert records[0]["run"]["profile"] == "Test Shop" and records[0]["run"]["evaluated_as_of"] == "2026-11-23"
    assert {k: v for k, v in records[0].items() if k != "run"} == full["findings"][0]


def test_csv_has_a_row_per_finding_with_the_same_content(run_cli, profile, lib):
    full = _json(run_cli, profile, lib)
    rows = list(csv.DictReader(io.StringIO(_check(run_cli, profile, lib, "--format", "csv").stdout)))
    assert [r["fingerprint"] for r in rows] == [f["fingerprint"] for f in full["findings"]]
    gap = next(r for r in rows if r["rule_id"] == "rep-helpline-basic-rate" and r["subject_key"] == "help")
    assert gap["status"] == "gap" and gap["rating"] == "high" and gap["score"] == "15"
    assert gap["message"] == "Helpline (0845 123 4567) costs more than a basic-rate call."
    assert gap["owner"] == "Customer Experience Director (Priya Natarajan)"
    assert gap["deciding"] == "channels[help].basic_rate"
    assert "tariff-sheet: Tariff sheet, version 3" in gap["evidence"]
    assert gap["urls"] == "https://example.org/reg41"


# --- JUnit ---------------------------------------------------------------------------------------


def test_junit_has_a_case_per_rule_and_subject_gaps_fail_unknowns_skip(run_cli, profile, lib):
    full = _json(run_cli, profile, lib)
    root = ET.fromstring(_check(run_cli, profile, lib, "--format", "junit").stdout)
    cases = root.findall(".//testcase")
    assert len(cases) == len(full["findings"])
    by_name = {c.get("name"): c for c in cases}
    gap = by_name["rep-helpline-basic-rate [channel:help]"]
    assert gap.find("failure") is not None and gap.get("line") == "4"
    assert "Fix: Move Helpline to an 03 number." in gap.find("failure").text
    unknown = by_name["rep-acknowledge [organisation:organisation]"]
    assert unknown.find("skipped").get("message").startswith("unknown: Cannot decide")
    assert by_name["rep-helpline-basic-rate [channel:mail]"].find("skipped") is not None  # not applicable
    gaps = sum(f["status"] == "gap" for f in full["findings"])
    assert int(root.get("failures")) == gaps and int(root.get("tests")) == len(cases)
    assert int(root.get("skipped")) == len(cases) - gaps


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_junit_of_every_example_parses(run_cli, example):
    out = run_cli("check", str(example), "--format", "junit", "--fail-on", "none").stdout
    root = ET.fromstring(out)
    assert root.tag == "testsuites" and int(root.get("failures")) > 0
    assert sum(int(s.get("tests")) for s in root.findall("testsuite")) == int(root.get("tests"))


# --- SARIF ---------------------------------------------------------------------------------------


def _sarif_validate(data):
    import jsonschema

    jsonschema.validate(data, json.loads(SARIF_SCHEMA.read_text()))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_sarif_lists_only_gaps_and_unknowns_and_validates(run_cli, example, tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("")
    full = json.loads(run_cli("check", str(example), "--format", "json", "--fail-on", "none",
                              "--waivers", str(waivers)).stdout)
    sarif = json.loads(run_cli("check", str(example), "--format", "sarif", "--fail-on", "none",
                               "--waivers", str(waivers)).stdout)
    _sarif_validate(sarif)
    results = sarif["runs"][0]["results"]
    wanted = [f for f in full["findings"] if f["status"] in ("gap", "unknown")]
    assert len(results) == len(wanted)
    assert {r["kind"] for r in results} <= {"fail", "open"}
    assert all(r["level"] in ("error", "warning", "note") for r in results if r["kind"] == "fail")
    assert all(r["level"] == "none" for r in results if r["kind"] != "fail")
    assert len({r["partialFingerprints"]["csaudit/v1"] for r in results}) == len(results)
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["help"]["text"] and rule["shortDescription"]["text"]


def test_sarif_passes_only_when_asked(run_cli, profile, lib):
    default = json.loads(_check(run_cli, profile, lib, "--format", "sarif").stdout)
    everything = json.loads(_check(run_cli, profile, lib, "--format", "sarif", "--sarif-passes").stdout)
    _sarif_validate(everything)
    assert {r["kind"] for r in default["runs"][0]["results"]} == {"fail", "open"}
    assert {r["kind"] for r in everything["runs"][0]["results"]} == {"fail", "open", "notApplicable", "review"}


def test_sarif_levels_uri_region_and_help(run_cli, profile, lib, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    sarif = json.loads(_check(run_cli, profile, lib, "--format", "sarif").stdout)
    run = sarif["runs"][0]
    results = {(r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]): r
               for r in run["results"]}
    helpline = results[("rep-helpline-basic-rate", "channel:help")]
    location = helpline["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "shop%20profiles/test%20shop.yaml", "uriBaseId": "%SRCROOT%",
                                            "index": 0}
    assert run["artifacts"][0]["location"]["uri"] == "shop%20profiles/test%20shop.yaml"
    # The deciding fact is the cost class read off the number (line 4), not the first fact used.
    assert location["region"] == {"startLine": 4}
    assert helpline["level"] == "error"                                     # a legal duty, high risk
    assert results[("rep-complaints-published", "organisation:organisation")]["level"] == "warning"
    assert results[("rep-complaints-published", "organisation:organisation")]["locations"][0][
        "physicalLocation"]["region"] == {"startLine": 8}
    assert results[("rep-surveys", "organisation:organisation")]["level"] == "note"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["rep-helpline-basic-rate"]["helpUri"] == "https://example.org/reg41"
    assert "[Test Regulations 2013 reg. 41](https://example.org/reg41)" in rules["rep-helpline-basic-rate"][
        "help"]["markdown"]


def test_sarif_baseline_states_against_a_previous_run(run_cli, profile, lib, tmp_path):
    db = tmp_path / "audit.db"
    before = make_profile(tmp_path / "before.yaml", drop=("feedback:", "  customer_surveys: false"))
    _check(run_cli, before, lib, "--db", str(db), "--cycle", "Q1")
    sarif = json.loads(_check(run_cli, profile, lib, "--format", "sarif", "--db", str(db), "--cycle", "Q2",
                              "--baseline", "Q1").stdout)
    _sarif_validate(sarif)
    states = {r["ruleId"]: r["baselineState"] for r in sarif["runs"][0]["results"]}
    assert states["rep-surveys"] == "updated"                    # unknown in Q1 (not stated), a gap now
    assert states["rep-helpline-basic-rate"] == "unchanged"
    assert states["testcode-9-1"] == "unchanged"
    previous = tmp_path / "q2.json"
    previous.write_text(_check(run_cli, profile, lib, "--format", "json").stdout)
    fixed = make_profile(tmp_path / "fixed.yaml", replace={"published: false": "published: true"})
    again = json.loads(_check(run_cli, fixed, lib, "--format", "sarif", "--baseline", str(previous)).stdout)
    _sarif_validate(again)
    gone = [r for r in again["runs"][0]["results"] if r["baselineState"] == "absent"]
    assert [(r["ruleId"], r["kind"], r["level"]) for r in gone] == [("rep-complaints-published", "pass", "none")]
    assert {r["baselineState"] for r in again["runs"][0]["results"]} == {"unchanged", "absent"}


def test_sarif_baseline_needs_a_file_or_a_database(run_cli, profile, lib):
    result = run_cli("check", str(profile), "--rules", str(lib), "--format", "sarif", "--baseline", "Q1")
    assert result.exit_code == 2 and "give --db too" in result.stderr


# --- OSCAL ---------------------------------------------------------------------------------------


def _oscal_load(path: Path):
    from trestle.oscal.assessment_results import AssessmentResults

    return AssessmentResults.oscal_read(path)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_oscal_of_every_example_loads_in_compliance_trestle(run_cli, example, tmp_path):
    out = tmp_path / "results.oscal.json"
    result = run_cli("check", str(example), "-o", str(out), "--fail-on", "none")
    assert result.exit_code == 0, result.output
    loaded = _oscal_load(out)
    data = json.loads(run_cli("check", str(example), "--format", "json", "--fail-on", "none").stdout)
    gaps = [f for f in data["findings"] if f["status"] == "gap"]
    (res,) = loaded.results
    assert len(res.risks) == len(gaps)
    assert len(res.findings) == sum(f["status"] in ("gap", "met", "unknown") for f in data["findings"])


def test_oscal_carries_owner_deadline_and_evidence(run_cli, profile, lib, tmp_path):
    out = tmp_path / "r.oscal.json"
    _check(run_cli, profile, lib, "-o", f"oscal={out}")
    res = _oscal_load(out).results[0]
    risk = next(r for r in res.risks if r.title == "Helplines cost no more than a basic-rate call")
    assert risk.deadline.date().isoformat() == "2026-12-23"            # high: 30 days from 2026-11-23
    assert "Customer Experience Director (Priya Natarajan)" in risk.statement
    obs = next(o for o in res.observations if o.title == "Helplines cost no more than a basic-rate call"
               and o.subjects[0].title == "channel: Helpline")
    assert any(e.href == "https://example.org/tariff" for e in obs.relevant_evidence)


def test_compliance_trestle_rejects_a_broken_assessment(run_cli, profile, lib, tmp_path):
    out = tmp_path / "r.oscal.json"
    _check(run_cli, profile, lib, "-o", f"oscal={out}")
    data = json.loads(out.read_text())
    data["assessment-results"]["results"][0]["risks"][0]["status"] = "mostly fine"
    out.write_text(json.dumps(data))
    with pytest.raises(Exception):
        _oscal_load(out)


# --- several outputs from one run ---------------------------------------------------------------


def test_several_outputs_from_one_run(run_cli, profile, lib, tmp_path):
    files = {"board.html": "html", "out.sarif": "sarif", "out.xml": "junit", "out.oscal.json": "oscal",
             "out.csv": "csv", "out.md": "markdown", "out.jsonl": "jsonl", "out.json": "json"}
    args = [a for name in files for a in ("-o", str(tmp_path / name))]
    result = run_cli("check", str(profile), "--rules", str(lib), *args)
    assert result.exit_code == 1                                 # --fail-on duty still gates
    assert result.stdout.startswith("Test Shop: 4 gap(s) (1 legal)")   # only the summary on standard output
    for name, fmt in files.items():
        assert f"csaudit: wrote {fmt} to {tmp_path / name}" in result.stderr
        assert (tmp_path / name).stat().st_size > 0
    fingerprints = {f["fingerprint"] for f in json.loads((tmp_path / "out.json").read_text())["findings"]}
    assert {json.loads(line)["fingerprint"] for line in (tmp_path / "out.jsonl").read_text().splitlines()} == \
        fingerprints


def test_format_and_output_together(run_cli, profile, lib, tmp_path):
    result = _check(run_cli, profile, lib, "--format", "json", "-o", f"csv={tmp_path / 'x.data'}")
    assert json.loads(result.stdout)["profile"]["name"] == "Test Shop"
    assert (tmp_path / "x.data").read_text().startswith("fingerprint,rule_id,")


def test_output_with_no_known_extension_is_a_usage_error(run_cli, profile, lib, tmp_path):
    result = run_cli("check", str(profile), "--rules", str(lib), "-o", str(tmp_path / "report.pdf"))
    assert result.exit_code == 2
    assert "cannot tell the format from the file name; write FORMAT=FILE" in result.stderr


def test_output_into_a_missing_folder_is_a_usage_error(run_cli, profile, lib, tmp_path):
    result = run_cli("check", str(profile), "--rules", str(lib), "-o", str(tmp_path / "nope" / "r.json"))
    assert result.exit_code == 2 and "cannot write the file" in result.stderr
