"""Evidence carried through: records covering the facts a finding used and the evidence given with answers
reach every output and the audit database."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from report_helpers import make_library, make_profile


@pytest.fixture
def lib(tmp_path):
    return make_library(tmp_path / "lib")


@pytest.fixture
def profile(tmp_path):
    return make_profile(tmp_path / "shop.yaml")


def _findings(run_cli, profile, lib):
    out = run_cli("check", str(profile), "--rules", str(lib), "--format", "json", "--fail-on", "none").stdout
    return {(f["rule_id"], f["subject"]["key"]): f for f in json.loads(out)["findings"]}


def test_records_cover_the_facts_under_their_paths_derived_facts_included(run_cli, profile, lib):
    found = _findings(run_cli, profile, lib)
    helpline = found[("rep-helpline-basic-rate", "help")]
    assert helpline["evidence"] == [{
        "kind": "record", "id": "tariff-sheet", "document": "Tariff sheet, version 3", "url": "https://example.org/tariff",
        "seen": "2026-10-01", "confirmed_by": "J. Okafor, internal audit", "note": None,
        "covers": ["channels[help].kind", "channels[help].basic_rate"], "line": 17}]
    assert [e["id"] for e in found[("rep-complaints-published", "organisation")]["evidence"]] == ["complaints-page"]
    assert found[("rep-surveys", "organisation")]["evidence"] == []
    assert found[("rep-helpline-basic-rate", "mail")]["evidence"] == []      # channels[help] does not cover mail


def test_answers_carry_their_evidence(run_cli, profile, lib):
    answer = _findings(run_cli, profile, lib)[("testcode-9-1", "organisation")]
    assert answer["evidence"] == [{
        "kind": "answer", "id": None, "document": "Interview with the team lead.", "url": None, "seen": "2026-10-20",
        "confirmed_by": "J. Okafor", "note": "Nobody briefs the staff.", "covers": ["answers.testcode-9-1"],
        "line": 27}]


def test_a_returns_route_record_covers_the_terms_joined_onto_offerings(run_cli):
    from conftest import REPO

    example = REPO / "facts" / "examples" / "streamwell-subscriptions.yaml"
    text = example.read_text()
    assert "\nevidence:" not in text
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "streamwell.yaml"
        path.write_text(text + "evidence:\n  - id: returns-policy\n    covers: [policies.returns]\n"
                               "    document: Returns policy v2\n", encoding="utf-8")
        data = json.loads(run_cli("check", str(path), "--format", "json", "--fail-on", "none").stdout)
    covered = [f for f in data["findings"] if any(e["id"] == "returns-policy" for e in f["evidence"])]
    assert covered
    joined = [c for f in covered for e in f["evidence"] for c in e["covers"] if c.startswith("offerings[")]
    assert joined, "terms joined from policies.returns onto offerings are covered by the route's record"


def test_evidence_reaches_every_output(run_cli, profile, lib, tmp_path):
    names = {"r.csv": "csv", "r.sarif": "sarif", "r.oscal.json": "oscal", "r.html": "html", "r.md": "markdown",
             "r.jsonl": "jsonl", "r.xml": "junit"}
    args = [a for n in names for a in ("-o", str(tmp_path / n))]
    assert run_cli("check", str(profile), "--rules", str(lib), "--fail-on", "none", *args).exit_code == 0
    text = {n: (tmp_path / n).read_text() for n in names}
    for name in ("r.sarif", "r.oscal.json", "r.html", "r.md", "r.jsonl", "r.csv", "r.xml"):
        assert "Tariff sheet, version 3" in text[name], name
        assert "Interview with the team lead." in text[name], name
    rows = list(csv.DictReader(io.StringIO(text["r.csv"])))
    assert any("tariff-sheet" in r["evidence"] for r in rows)
    sarif = json.loads(text["r.sarif"])
    assert any(r["properties"]["evidence"] for r in sarif["runs"][0]["results"])
    ET.fromstring(text["r.xml"])


def test_evidence_is_recorded_in_the_audit_database(run_cli, profile, lib, tmp_path):
    from csaudit.engine.audit.store import open_store

    db = tmp_path / "audit.db"
    out = run_cli("check", str(profile), "--rules", str(lib), "--format", "json", "--fail-on", "none", "--db",
                  str(db), "--cycle", "Q1").stdout
    with open_store(db, create=False) as store:
        rows = list(store.db.query("select fingerprint, kind, evidence_id, document, covers from finding_evidence "
                                   "order by fingerprint, position"))
        assert {(r["kind"], r["evidence_id"]) for r in rows} == {("record", "tariff-sheet"),
                                                                ("record", "complaints-page"), ("answer", None)}
        view = list(store.db.query("select rule_id, document from gap_evidence where document is not null"))
        assert {r["rule_id"] for r in view} == {"rep-helpline-basic-rate", "rep-complaints-published", "testcode-9-1"}
        owners = {r["rule_id"]: r["owner_role"] for r in store.db.query("select rule_id, owner_role from findings")}
        assert owners["rep-complaints-published"] == "Complaints lead"
    shown = run_cli("runs", "show", "Q1", "--db", str(db), "--format", "json").stdout
    assert json.loads(shown)["findings"] == json.loads(out)["findings"]   # the run reads back whole


def test_a_database_from_before_the_evidence_migration_is_upgraded_and_reads_back(run_cli, profile, lib, tmp_path):
    import sqlite3

    from csaudit.engine.audit.migrations import MIGRATIONS
    from csaudit.engine.audit.store import open_store
    from sqlite_utils import Database

    db = tmp_path / "old.db"
    old = Database(sqlite3.connect(db))
    MIGRATIONS.apply(old, stop_before="m007_add_evidence")
    old.conn.close()
    result = run_cli("check", str(profile), "--rules", str(lib), "--db", str(db), "--cycle", "Q1", "--fail-on", "none")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("select name from _migrations order by id")][-1] == "m007_add_evidence"
    # A run written before the migration has no evidence, owner or deciding facts: it reads back without them.
    conn.execute("update findings set deciding = null, owner = null, owner_role = null")
    conn.execute("delete from finding_evidence")
    conn.commit()
    conn.close()
    with open_store(db, create=False) as store:
        [run] = store.runs()
        findings = store.load(run.id).findings
    assert all(f.evidence == () and f.owner is None and f.deciding == () for f in findings)
