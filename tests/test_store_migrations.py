"""Schema changes through named migrations: applied once, upgraded in place, newer files refused."""

from __future__ import annotations

import sqlite3

import pytest
from audit_helpers import invoke, make_rules, write_profile
from csaudit.engine import __version__
from csaudit.engine.audit.migrations import KNOWN, MIGRATIONS
from csaudit.engine.audit.store import open_store
from csaudit.engine.errors import StoreError
from sqlite_utils import Database

NAMES = ["m001_create_runs", "m002_create_findings", "m003_create_profiles", "m004_create_run_rules",
         "m005_add_waivers", "m006_create_views", "m007_add_evidence"]


def _applied(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("select name from _migrations order by id")]
    finally:
        conn.close()


def test_store_new_database_records_every_migration_in_order(tmp_path):
    path = tmp_path / "audits.db"
    with open_store(path, create=True):
        pass
    assert KNOWN == NAMES
    assert _applied(path) == NAMES
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    views = {r[0] for r in conn.execute("select name from sqlite_master where type = 'view'")}
    assert views == {"latest_runs", "open_gaps", "cycle_summary", "gap_evidence"}
    conn.close()


def test_store_reopening_applies_nothing_twice(tmp_path):
    path = tmp_path / "audits.db"
    for _ in range(3):
        with open_store(path, create=True):
            pass
    assert _applied(path) == NAMES


def test_store_upgrades_older_database_in_place(tmp_path):
    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m005_add_waivers")
    db["runs"].insert({"organisation": "Shop Ltd", "cycle": "2025-Q4", "profile_path": "p.yaml",
                       "profile_as_of": "2025-12-31", "evaluated_as_of": "2025-12-31", "engine": "python",
                       "csaudit_version": "0.0.9", "library_version": "bundled", "library_source": "bundled",
                       "library_digest": "abc", "library_rules": 1, "run_by": "auditor", "started_at": "t",
                       "recorded_at": "t", "gap": 1, "met": 0, "not_applicable": 0, "unknown": 0})
    db["findings"].insert({
        "run_id": 1, "position": 0, "fingerprint": "f1", "rule_id": "demo-complaints-published",
        "title": "The complaints procedure is published", "subject_kind": "organisation",
        "subject_key": "organisation", "subject_name": "Shop Ltd", "status": "gap", "strength": "recommendation",
        "risk_rating": "medium", "likelihood": "possible", "impact": "moderate", "consequences": '["reputational"]',
        "stage": "complaints", "risk_area": "governance", "message": "Not published.", "remediation": "Publish it.",
        "refs": '[{"document": "Demo Code", "clause": "6.1"}]', "facts_used": "[]", "missing_facts": "[]"})
    db.close()
    assert _applied(path) == NAMES[:4]
    before = path.read_bytes()

    # Reading never writes: the run is read from a copy upgraded in memory; the file stays as it was.
    with open_store(path, create=False) as store:
        run = store.load(1)
    assert path.read_bytes() == before and _applied(path) == NAMES[:4]
    assert run.info.cycle == "2025-Q4"
    assert run.info.summary.waived == 0
    assert [(f.rule_id, f.status, f.waiver) for f in run.findings] == [("demo-complaints-published", "gap", None)]

    # The next writer upgrades it in place.
    with open_store(path, create=True):
        pass
    assert _applied(path) == NAMES


def _future_database(tmp_path):
    path = tmp_path / "future.db"
    with open_store(path, create=True):
        pass
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("insert into _migrations (migration_set, name, applied_at) values "
                     "('csaudit', 'm099_from_the_future', 'later')")
    conn.close()
    return path


def test_store_refuses_database_from_newer_csaudit(tmp_path):
    path = _future_database(tmp_path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        open_store(path, create=True)
    assert str(err.value) == (
        f"{path} was written by a newer csaudit: it has migration(s) m099_from_the_future, which csaudit "
        f"{__version__} does not know. Upgrade csaudit to use this database; it was left untouched.")
    assert path.read_bytes() == before


def test_cli_check_refuses_newer_database_with_exit_3(tmp_path):
    path = _future_database(tmp_path)
    before = path.read_bytes()
    rules = make_rules(tmp_path)
    profile = write_profile(tmp_path / "q1")
    result = invoke("check", profile, "--rules", rules, "--db", path, "--cycle", "Q1", "--engine", "python")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {path} was written by a newer csaudit: it has migration(s) "
                                    "m099_from_the_future")
    assert path.read_bytes() == before
