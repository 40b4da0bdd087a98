"""One transaction per run: a writer killed mid-run leaves no trace; concurrent writers both succeed."""

from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest
from audit_helpers import invoke, make_rules, spawn, table_dump, write_profile
from csaudit.engine.audit.migrations import KNOWN
from csaudit.engine.audit.store import open_store


@pytest.fixture
def setup(tmp_path):
    rules = make_rules(tmp_path)
    profile = write_profile(tmp_path / "q1")
    return tmp_path, rules, profile


def _args(setup, db, cycle):
    _, rules, profile = setup
    return ("check", profile, "--rules", rules, "--db", db, "--cycle", cycle, "--engine", "python")


def _wait_for(marker, proc, seconds=60.0):
    deadline = time.monotonic() + seconds
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"writer ended before pausing: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("writer never reached the pause")
        time.sleep(0.05)


def test_store_run_killed_mid_write_leaves_database_as_before(setup):
    tmp_path = setup[0]
    db = tmp_path / "audits.db"
    assert invoke(*_args(setup, db, "Q1")).exit_code == 1
    before_bytes, before_rows = db.read_bytes(), table_dump(db)
    marker = tmp_path / "paused"
    proc = spawn(*_args(setup, db, "Q2"), cwd=tmp_path, CSAUDIT_TEST_WRITE_PAUSE="60",
                 CSAUDIT_TEST_WRITE_MARKER=str(marker))
    _wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert db.read_bytes() == before_bytes
    assert table_dump(db) == before_rows
    with open_store(db, create=True) as store:
        assert [(r.id, r.cycle) for r in store.runs()] == [(1, "Q1")]
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The next run writes normally after the interrupted one.
    assert invoke(*_args(setup, db, "Q2")).exit_code == 1
    with open_store(db, create=False) as store:
        assert [r.cycle for r in store.runs()] == ["Q1", "Q2"]


def test_store_failure_inside_the_transaction_rolls_back(setup, monkeypatch):
    tmp_path = setup[0]
    db = tmp_path / "audits.db"
    assert invoke(*_args(setup, db, "Q1")).exit_code == 1
    before = table_dump(db)
    import csaudit.engine.audit.store as store_module

    def boom():
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(store_module, "_test_pause", boom)
    with pytest.raises(RuntimeError, match="disk unplugged"):
        invoke(*_args(setup, db, "Q2"))
    assert table_dump(db) == before


def test_store_second_writer_waits_for_the_first(setup):
    tmp_path = setup[0]
    db = tmp_path / "audits.db"
    marker = tmp_path / "paused"
    first = spawn(*_args(setup, db, "A"), cwd=tmp_path, CSAUDIT_TEST_WRITE_PAUSE="3",
                  CSAUDIT_TEST_WRITE_MARKER=str(marker))
    _wait_for(marker, first)
    second = spawn(*_args(setup, db, "B"), cwd=tmp_path)
    out_a, err_a = first.communicate(timeout=120)
    out_b, err_b = second.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (1, 1), (err_a, err_b)
    assert f"csaudit: recorded run 1 of Shop Ltd, cycle A, in {db}" in err_a
    assert f"csaudit: recorded run 2 of Shop Ltd, cycle B, in {db}" in err_b
    with open_store(db, create=False) as store:
        assert [(r.id, r.cycle) for r in store.runs()] == [(1, "A"), (2, "B")]
        assert [len(store.findings(r.id)) for r in store.runs()] == [5, 5]


def test_store_writers_starting_together_on_a_new_file_both_succeed(setup):
    tmp_path = setup[0]
    db = tmp_path / "fresh.db"
    procs = [spawn(*_args(setup, db, cycle), cwd=tmp_path) for cycle in ("A", "B", "C")]
    results = [(p.communicate(timeout=120), p.returncode) for p in procs]
    assert [rc for _, rc in results] == [1, 1, 1], results
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from _migrations").fetchone()[0] == len(KNOWN)   # each applied once
    assert sorted(r[0] for r in conn.execute("select cycle from runs")) == ["A", "B", "C"]
    conn.close()
