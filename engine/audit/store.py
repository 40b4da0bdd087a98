"""The audit database: every run written whole or not at all, readable in Datasette.

A run is written in one ``BEGIN IMMEDIATE`` transaction, so a process killed
half-way leaves the file as it was. WAL mode and a busy timeout let several
``csaudit check --db`` processes share one file. A file that is not a csaudit
database, is damaged, or was written by a newer csaudit is refused before
anything is written to it.

Test hook: with ``CSAUDIT_TEST_WRITE_PAUSE=SECONDS`` the writer sleeps in the middle
of a run's transaction, after creating the file named by
``CSAUDIT_TEST_WRITE_MARKER`` (when set), so a test can kill it there or start a
second writer while the first holds the lock.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlite_utils import Database

from ...facts.located.problems import UsageError
from ...facts.located.validation import suggest
from ..errors import StoreError
from ..findings import Finding, RiskBands, Summary
from .migrations import KNOWN, MIGRATIONS, MIGRATIONS_TABLE
from .record import RuleRecord, RunInfo, RunRecord, StoredFact, StoredRun, StoredWaiver, now_utc

BUSY_TIMEOUT_MS = 30_000
_MAGIC = b"SQLite format 3\x00"
_COUNTS = ("gap", "met", "not_applicable", "unknown", "manual", "waived")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _damaged(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} cannot be used as an audit database: {why}. It may be damaged; csaudit left it "
                      "untouched. Restore it from a backup or choose another --db file.")


def _not_ours(path: Path, why: str) -> StoreError:
    return StoreError(f"{path} is not a csaudit audit database ({why}); csaudit left it untouched. "
                      "Choose another --db file.")


def _check_header(path: Path) -> None:
    """Reject a file that is not SQLite without letting SQLite open it."""
    if path.stat().st_size == 0:
        return  # SQLite treats an empty file as an empty database
    with path.open("rb") as fh:
        head = fh.read(len(_MAGIC))
    if head != _MAGIC:
        raise _not_ours(path, "it is not an SQLite file")


def open_store(path: str | Path, *, create: bool) -> Store:
    """Open (``create``: or start) the audit database at ``path``, upgrading its schema in place."""
    p = Path(path)
    if p.is_dir():
        raise StoreError(f"{p} is a folder; --db names an audit database file")
    if p.exists():
        _check_header(p)
    elif not create:
        raise StoreError(f"{p}: no audit database here. Record a run first: csaudit check PROFILE --db {p} "
                         "--cycle NAME")
    elif not p.parent.is_dir():
        raise StoreError(f"{p}: cannot create the audit database: the folder {p.parent} does not exist")
    try:
        conn = sqlite3.connect(str(p), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{p}: cannot open the audit database ({exc})") from None
    try:
        with _translated(p, "opening"):
            db = _prepare(conn, p, verify=create)
    except BaseException:
        conn.close()
        raise
    return Store(p, db)


@contextmanager
def _translated(path: Path, doing: str) -> Iterator[None]:
    """SQLite's exceptions as store errors: locked, damaged, or otherwise unusable (permissions, disk)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise StoreError(f"{path} stayed locked by another process for {BUSY_TIMEOUT_MS // 1000}s while "
                             f"{doing}; try again") from None
        raise StoreError(f"{path}: cannot use the audit database while {doing} ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, str(exc)) from None


def _prepare(conn: sqlite3.Connection, path: Path, verify: bool) -> Database:
    """Refuse foreign, newer or (``verify``: before writing) damaged files, reading only; then switch to WAL
    and apply pending migrations."""
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
    db = Database(conn, execute_plugins=False)
    if tables:
        if MIGRATIONS_TABLE not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise _not_ours(path, f"it holds other tables ({shown}) and no {MIGRATIONS_TABLE} table")
        applied = [m.name for m in MIGRATIONS.applied(db)]
        if not applied:
            raise _not_ours(path, f"its {MIGRATIONS_TABLE} table records no csaudit migration")
        unknown = [name for name in applied if name not in KNOWN]
        if unknown:
            from .. import __version__

            raise StoreError(f"{path} was written by a newer csaudit: it has migration(s) {', '.join(unknown)}, "
                             f"which csaudit {__version__} does not know. Upgrade csaudit to use this database; "
                             "it was left untouched.")
        if verify:
            # A writer must not add to a damaged file; readers meet damage as an error where they read.
            problems = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise _damaged(path, "; ".join(line for p in problems for line in p.splitlines() if line.strip()))
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    if MIGRATIONS.pending(db):
        # IMMEDIATE takes the write lock first, so two processes starting on a new file
        # cannot both apply the same migration: the second finds nothing pending.
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS.apply(db)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return db


def _test_pause() -> None:
    seconds = os.environ.get("CSAUDIT_TEST_WRITE_PAUSE")
    if not seconds:
        return
    marker = os.environ.get("CSAUDIT_TEST_WRITE_MARKER")
    if marker:
        Path(marker).touch()
    time.sleep(float(seconds))


def _finding_row(run_id: int, position: int, f: Finding) -> dict[str, Any]:
    return {
        "run_id": run_id, "position": position, "fingerprint": f.fingerprint, "rule_id": f.rule_id,
        "title": f.title, "subject_kind": f.subject.kind, "subject_key": f.subject.key,
        "subject_name": f.subject.name, "status": f.status, "strength": f.strength, "risk_rating": f.risk.rating,
        "likelihood": f.risk.likelihood, "impact": f.risk.impact, "consequences": _dumps(list(f.risk.consequences)),
        "stage": f.stage, "risk_area": f.risk_area, "message": f.message, "remediation": f.remediation,
        "refs": _dumps([r.model_dump(mode="json") for r in f.refs]),
        "facts_used": _dumps([u.model_dump(mode="json") for u in f.facts_used]),
        "missing_facts": _dumps(list(f.missing_facts)), "waived": int(f.waiver is not None),
        "waiver": _dumps(f.waiver.model_dump(mode="json")) if f.waiver else None,
        "deciding": _dumps(list(f.deciding)), "risk_because": _dumps(list(f.risk.because)),
        "owner_role": f.owner.role if f.owner else None, "owner_name": f.owner.name if f.owner else None,
        "owner": _dumps(f.owner.model_dump(mode="json")) if f.owner else None,
    }


def _evidence_rows(run_id: int, f: Finding) -> list[dict[str, Any]]:
    return [{"run_id": run_id, "fingerprint": f.fingerprint, "position": i, "kind": e.kind, "evidence_id": e.id,
             "document": e.document, "url": e.url, "seen": e.seen, "confirmed_by": e.confirmed_by, "note": e.note,
             "covers": _dumps(list(e.covers)), "line": e.line} for i, e in enumerate(f.evidence)]


def _evidence_from(row: dict[str, Any]) -> dict[str, Any]:
    return {"kind": row["kind"], "id": row["evidence_id"], "document": row["document"], "url": row["url"],
            "seen": row["seen"], "confirmed_by": row["confirmed_by"], "note": row["note"],
            "covers": json.loads(row["covers"] or "[]"), "line": row["line"]}


def _finding_from(row: dict[str, Any], evidence: list[dict[str, Any]] = ()) -> Finding:
    return Finding.model_validate({
        "fingerprint": row["fingerprint"], "rule_id": row["rule_id"], "title": row["title"],
        "subject": {"kind": row["subject_kind"], "key": row["subject_key"], "name": row["subject_name"]},
        "status": row["status"], "strength": row["strength"], "stage": row["stage"], "risk_area": row["risk_area"],
        "refs": json.loads(row["refs"]),
        "risk": {"likelihood": row["likelihood"], "impact": row["impact"], "rating": row["risk_rating"],
                 "consequences": json.loads(row["consequences"]),
                 "because": json.loads(row["risk_because"]) if row.get("risk_because") else []},
        "message": row["message"], "remediation": row["remediation"], "facts_used": json.loads(row["facts_used"]),
        "missing_facts": json.loads(row["missing_facts"]),
        "waiver": json.loads(row["waiver"]) if row.get("waiver") else None,
        "deciding": json.loads(row["deciding"]) if row.get("deciding") else [],
        "owner": json.loads(row["owner"]) if row.get("owner") else None,
        "evidence": list(evidence),
    })


def _info_from(row: dict[str, Any]) -> RunInfo:
    fields = {k: row[k] for k in RunInfo.__dataclass_fields__ if k not in ("summary", "risk_bands")}
    bands = RiskBands(high=row["risk_high"], medium=row["risk_medium"]) if row.get("risk_high") else RiskBands()
    return RunInfo(**fields, summary=Summary(**{k: row[k] or 0 for k in _COUNTS}), risk_bands=bands)


class Store:
    """An open audit database."""

    def __init__(self, path: Path, db: Database):
        self.path, self.db = path, db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _guard(self, doing: str):
        return _translated(self.path, doing)

    def record(self, record: RunRecord) -> int:
        """Write a run and everything it explains itself with, in one transaction; return its id."""
        conn = self.db.conn
        with self._guard("recording a run"):
            conn.execute("BEGIN IMMEDIATE")
            try:
                run_id = self._insert(record)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        return run_id

    def _insert(self, record: RunRecord) -> int:
        run, db = record.run, self.db
        header = {k: v for k, v in run.info.to_json_dict().items() if k not in ("id", "summary", "risk_bands")}
        header.update(run.info.summary.model_dump(), recorded_at=now_utc(), risk_high=run.info.risk_bands.high,
                      risk_medium=run.info.risk_bands.medium)
        run_id = db["runs"].insert(header).last_pk
        db["findings"].insert_all(_finding_row(run_id, i, f) for i, f in enumerate(run.findings))
        db["finding_evidence"].insert_all(row for f in run.findings for row in _evidence_rows(run_id, f))
        _test_pause()
        db["profiles"].insert({"run_id": run_id, "path": run.info.profile_path, "digest": record.profile_digest,
                               "text": record.profile_text})
        db["profile_facts"].insert_all({"run_id": run_id, "path": path, "value": _dumps(fact.value),
                                        "line": fact.line, "derived_from": fact.derived_from}
                                       for path, fact in run.facts.items())
        db["run_rules"].insert_all({"run_id": run_id, "rule_id": r.rule_id, "digest": r.digest, "title": r.title,
                                    "strength": r.strength, "valid_from": r.valid_from, "valid_to": r.valid_to,
                                    "params": _dumps(r.params), "path": r.path} for r in run.rules.values())
        db["waivers"].insert_all({"run_id": run_id, "position": i, **w.__dict__} for i, w in enumerate(run.waivers))
        return run_id

    def runs(self, organisation: str | None = None) -> list[RunInfo]:
        """Every recorded run (of one organisation), oldest first."""
        where, args = ("organisation = ?", [organisation]) if organisation is not None else (None, None)
        with self._guard("reading runs"):
            return [_info_from(r) for r in self.db["runs"].rows_where(where, args, order_by="id")]

    def organisations(self) -> list[str]:
        return sorted({r.organisation for r in self.runs()})

    def check_organisation(self, organisation: str | None) -> None:
        """A --org value must name an organisation the database holds."""
        if organisation is None:
            return
        known = self.organisations()
        if organisation not in known:
            raise UsageError(f"no organisation '{organisation}' in {self.path}{suggest(organisation, known)}; "
                             f"it holds: {', '.join(known) or 'no runs yet'}")

    def resolve(self, ref: str, organisation: str | None = None) -> RunInfo:
        """A run id, or a cycle name (its latest run); a cycle shared by organisations needs ``organisation``."""
        self.check_organisation(organisation)
        pool = self.runs(organisation)
        if ref.isdigit():
            hit = [r for r in pool if r.id == int(ref)]
            if hit:
                return hit[0]
        matches = [r for r in pool if r.cycle == ref]
        if not matches:
            cycles = sorted({r.cycle for r in pool})
            scope = f" for {organisation}" if organisation else ""
            raise UsageError(f"no run or cycle '{ref}' in {self.path}{scope}{suggest(ref, cycles)}; cycles: "
                             f"{', '.join(cycles) or 'none recorded yet'}")
        orgs = sorted({r.organisation for r in matches})
        if len(orgs) > 1:
            raise UsageError(f"cycle '{ref}' was recorded for {len(orgs)} organisations ({', '.join(orgs)}); "
                             "choose one with --org NAME")
        return max(matches, key=lambda r: r.id)

    def findings(self, run_id: int) -> tuple[Finding, ...]:
        with self._guard("reading findings"):
            evidence: dict[str, list[dict[str, Any]]] = {}
            for r in self.db["finding_evidence"].rows_where("run_id = ?", [run_id], order_by="fingerprint, position"):
                evidence.setdefault(r["fingerprint"], []).append(_evidence_from(r))
            rows = self.db["findings"].rows_where("run_id = ?", [run_id], order_by="position")
            return tuple(_finding_from(r, evidence.get(r["fingerprint"], [])) for r in rows)

    def load(self, run_id: int) -> StoredRun:
        """A whole run: header, findings, profile facts, rules and waivers."""
        with self._guard("reading a run"):
            rows = list(self.db["runs"].rows_where("id = ?", [run_id]))
            if not rows:
                raise UsageError(f"no run {run_id} in {self.path}")
            facts = {r["path"]: StoredFact(json.loads(r["value"]), r["line"], r["derived_from"])
                     for r in self.db["profile_facts"].rows_where("run_id = ?", [run_id])}
            rules = {r["rule_id"]: RuleRecord(r["rule_id"], r["digest"], r["title"], r["strength"], r["valid_from"],
                                              r["valid_to"], json.loads(r["params"] or "{}"), r["path"] or "")
                     for r in self.db["run_rules"].rows_where("run_id = ?", [run_id])}
            waivers = tuple(StoredWaiver(**{k: r[k] for k in StoredWaiver.__dataclass_fields__})
                            for r in self.db["waivers"].rows_where("run_id = ?", [run_id], order_by="position"))
        return StoredRun(_info_from(rows[0]), self.findings(run_id), facts, rules, waivers)

    def profile_text(self, run_id: int) -> str | None:
        with self._guard("reading a profile"):
            rows = list(self.db["profiles"].rows_where("run_id = ?", [run_id]))
        return rows[0]["text"] if rows else None
