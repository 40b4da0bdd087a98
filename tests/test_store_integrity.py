"""Files that are not csaudit databases, or are damaged, get a clear error (exit 3) and stay untouched."""

from __future__ import annotations

import os
import sqlite3

import pytest
from audit_helpers import invoke, make_rules, write_profile
from csaudit.engine.audit.store import open_store
from csaudit.engine.errors import StoreError

TAIL = "csaudit left it untouched. Choose another --db file."


@pytest.fixture
def setup(tmp_path):
    rules = make_rules(tmp_path)
    profile = write_profile(tmp_path / "q1")
    return tmp_path, rules, profile


def _check(setup, db):
    _, rules, profile = setup
    return invoke("check", profile, "--rules", rules, "--db", db, "--cycle", "Q1", "--engine", "python")


def _recorded_db(setup, name="audits.db", runs=4):
    tmp_path, rules, profile = setup
    db = tmp_path / name
    for i in range(runs):
        invoke("check", profile, "--rules", rules, "--db", db, "--cycle", f"Q{i}", "--engine", "python")
    return db


def test_store_refuses_a_text_file(setup):
    db = setup[0] / "notes.db"
    db.write_text("minutes of the audit meeting\n")
    before = db.read_bytes()
    result = _check(setup, db)
    assert result.exit_code == 3
    assert result.stderr == f"Error: {db} is not a csaudit audit database (it is not an SQLite file); {TAIL}\n"
    assert result.stdout == ""
    assert db.read_bytes() == before


def test_store_refuses_another_applications_sqlite_database(setup):
    db = setup[0] / "crm.db"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("create table customers (id integer primary key, name text)")
        conn.execute("insert into customers (name) values ('Ada')")
    conn.close()
    before = db.read_bytes()
    for args in (("runs", "list", "--db", db), ("runs", "show", "1", "--db", db)):
        result = invoke(*args)
        assert result.exit_code == 3
        assert result.stderr == (f"Error: {db} is not a csaudit audit database (it holds other tables (customers) "
                                 f"and no _migrations table); {TAIL}\n")
    assert _check(setup, db).exit_code == 3
    assert db.read_bytes() == before
    assert not (setup[0] / "crm.db-wal").exists()


def test_store_refuses_a_truncated_database(setup):
    db = _recorded_db(setup)
    with db.open("r+b") as fh:
        fh.truncate(db.stat().st_size // 2)
    before = db.read_bytes()
    for result in (_check(setup, db), invoke("runs", "list", "--db", db)):
        assert result.exit_code == 3
        assert result.stderr.startswith(f"Error: {db} cannot be used as an audit database: ")
        assert result.stderr.endswith("It may be damaged; csaudit left it untouched. Restore it from a backup or "
                                      "choose another --db file.\n")
    assert db.read_bytes() == before


def test_store_refuses_a_database_with_damaged_pages(setup):
    db = _recorded_db(setup)
    with db.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(os.urandom(4096 * 4))
    before = db.read_bytes()
    result = _check(setup, db)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {db} cannot be used as an audit database: ")
    assert "It may be damaged" in result.stderr
    with pytest.raises(StoreError):
        open_store(db, create=True)
    assert db.read_bytes() == before


def test_store_reading_commands_never_create_a_database(setup, monkeypatch):
    tmp_path = setup[0]
    monkeypatch.chdir(tmp_path)
    result = invoke("runs", "list")
    assert result.exit_code == 3
    assert result.stderr == ("Error: csaudit.db: no audit database here. Record a run first: csaudit check PROFILE "
                             "--db csaudit.db --cycle NAME\n")
    assert not (tmp_path / "csaudit.db").exists()


def test_store_folder_given_as_database(setup):
    result = _check(setup, setup[0])
    assert result.exit_code == 3
    assert result.stderr == f"Error: {setup[0]} is a folder; --db names an audit database file\n"


def test_store_database_in_missing_folder(setup):
    db = setup[0] / "nowhere" / "audits.db"
    result = _check(setup, db)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {db}: cannot create the audit database: the folder {db.parent} does not "
                             "exist\n")


def test_store_empty_file_becomes_a_database(setup):
    db = setup[0] / "empty.db"
    db.touch()
    assert _check(setup, db).exit_code == 1
    with open_store(db, create=False) as store:
        assert [r.cycle for r in store.runs()] == ["Q1"]
